"""The store's tables as the code reads and writes them today.

Alembic's migrations (geo/storage/migrations/versions) are what create and change them in a database; a
test checks that a store built by the migrations has exactly these tables, so the two cannot drift.
"""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

from geo.storage.changes import STORED_COLUMNS

metadata = MetaData()

versions_table = Table(
    "atlas_versions", metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("created_at", String(32), nullable=False),  # ISO 8601, UTC: the same on every backend
    Column("author", String(200), nullable=False),
    Column("action", String(20), nullable=False),  # seed, merge, replace, rollback
    Column("note", Text, nullable=False),
    Column("restores", Integer, nullable=True),  # for a rollback: the version it brought back
    Column("records", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
)

records_table = Table(
    "atlas_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *(Column(name, Text, nullable=False) for name in STORED_COLUMNS),
    Column("valid_from", Integer, ForeignKey("atlas_versions.number"), nullable=False),
    Column("valid_to", Integer, ForeignKey("atlas_versions.number"), nullable=True),
    UniqueConstraint("iso3", "as_of", "valid_from", name="atlas_records_one_per_key_and_version"),
    Index("atlas_records_valid_to", "valid_to"),
    Index("atlas_records_valid_from", "valid_from"),
)

head_table = Table(
    "atlas_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

# A fingerprint of each version's records (geo.storage.changes.records_digest), so that versions holding
# the same data are known without reading them: a rollback is offered only to different data.
digests_table = Table(
    "atlas_version_digests", metadata,
    Column("number", Integer, ForeignKey("atlas_versions.number"), primary_key=True,
           autoincrement=False),
    Column("digest", String(64), nullable=False),
)

settings_table = Table(
    "atlas_settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)

# Tries of the editor token, per kind of try: counted here so that every server sharing the store
# throttles guesses together (geo.storage.access).
attempts_table = Table(
    "atlas_attempts", metadata,
    Column("key", String(100), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_at", Float, nullable=False),  # seconds since the epoch
)

# Datasets saved with the editor token (geo.storage.dataset_store), kept as a temporal table like the
# records: a row is valid from the version that saved it until the version that replaced or deleted
# it, so every version's datasets can be read back and a rollback brings them back.
datasets_table = Table(
    "atlas_datasets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(100), nullable=False),  # geo.intake.datasets.slug of the title
    Column("title", Text, nullable=False),
    Column("content", Text, nullable=False),  # JSON: the checked dataset and its classes
    Column("digest", String(64), nullable=False),  # sha256 of content
    Column("valid_from", Integer, ForeignKey("atlas_versions.number"), nullable=False),
    Column("valid_to", Integer, ForeignKey("atlas_versions.number"), nullable=True),
    UniqueConstraint("key", "valid_from", name="atlas_datasets_one_per_key_and_version"),
    Index("atlas_datasets_valid_to", "valid_to"),
)
