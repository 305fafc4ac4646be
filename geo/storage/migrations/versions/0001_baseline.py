"""Baseline: the store's tables as the release of 2026-12-01 made them.

Stores made before migrations existed already hold some or all of these tables (older releases made
fewer of them), so each is created only where it is missing, and the head row likewise.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

# The record columns as they were at the baseline (frozen here: later code may add columns).
RECORD_COLUMNS = ("country", "iso3", "us_alignment", "russia_stance", "blocs", "evidence", "source",
                  "as_of", "confidence", "note")


def _tables() -> list[tuple[str, list]]:
    return [
        ("atlas_versions", [
            sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("created_at", sa.String(32), nullable=False),
            sa.Column("author", sa.String(200), nullable=False),
            sa.Column("action", sa.String(20), nullable=False),
            sa.Column("note", sa.Text, nullable=False),
            sa.Column("restores", sa.Integer, nullable=True),
            sa.Column("records", sa.Integer, nullable=False),
            sa.Column("added", sa.Integer, nullable=False),
            sa.Column("changed", sa.Integer, nullable=False),
            sa.Column("removed", sa.Integer, nullable=False),
        ]),
        ("atlas_records", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            *(sa.Column(name, sa.Text, nullable=False) for name in RECORD_COLUMNS),
            sa.Column("valid_from", sa.Integer, sa.ForeignKey("atlas_versions.number"), nullable=False),
            sa.Column("valid_to", sa.Integer, sa.ForeignKey("atlas_versions.number"), nullable=True),
            sa.UniqueConstraint("iso3", "as_of", "valid_from", name="atlas_records_one_per_key_and_version"),
        ]),
        ("atlas_head", [
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("version", sa.Integer, nullable=False),
        ]),
        ("atlas_version_digests", [
            sa.Column("number", sa.Integer, sa.ForeignKey("atlas_versions.number"), primary_key=True,
                      autoincrement=False),
            sa.Column("digest", sa.String(64), nullable=False),
        ]),
        ("atlas_settings", [
            sa.Column("key", sa.String(100), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        ]),
        ("atlas_attempts", [
            sa.Column("key", sa.String(100), primary_key=True),
            sa.Column("failures", sa.Integer, nullable=False),
            sa.Column("last_at", sa.Float, nullable=False),
        ]),
    ]


INDEXES = {"atlas_records_valid_to": ("atlas_records", ["valid_to"]),
           "atlas_records_valid_from": ("atlas_records", ["valid_from"])}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    existing = set(inspector.get_table_names())
    for name, columns in _tables():
        if name not in existing:
            op.create_table(name, *columns)
    indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("atlas_records")}
    for name, (table, columns) in INDEXES.items():
        if name not in indexes:
            op.create_index(name, table, columns)
    head = sa.table("atlas_head", sa.column("id", sa.Integer), sa.column("version", sa.Integer))
    if op.get_bind().execute(sa.select(head.c.id)).first() is None:
        op.bulk_insert(head, [{"id": 1, "version": 0}])


def downgrade() -> None:
    raise NotImplementedError("The baseline is where every store starts; there is nothing below it.")
