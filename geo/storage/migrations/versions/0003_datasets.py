"""Datasets saved in the store: the atlas_datasets table (geo.storage.dataset_store).

A dataset of country figures saved with the editor token is a numbered version like an apply of
records, so the table is temporal as atlas_records is. Stores made before hold no datasets; the
upgrade adds the empty table and no version.

Revision ID: 0003_datasets
Revises: 0002_host_records
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_datasets"
down_revision = "0002_host_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "atlas_datasets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("atlas_versions.number"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("atlas_versions.number"), nullable=True),
        sa.UniqueConstraint("key", "valid_from", name="atlas_datasets_one_per_key_and_version"),
    )
    op.create_index("atlas_datasets_valid_to", "atlas_datasets", ["valid_to"])


def downgrade() -> None:
    op.drop_index("atlas_datasets_valid_to", table_name="atlas_datasets")
    op.drop_table("atlas_datasets")
