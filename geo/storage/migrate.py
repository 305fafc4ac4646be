"""Upgrading a store to the code's schema and data with Alembic, once, however many servers start.

Every server runs the pending migrations when it opens the store. On PostgreSQL the servers queue
on an advisory lock (taken on the connection that runs the migrations); on SQLite, which only one
machine shares, on a lock file beside the database. The first server upgrades; the others find
nothing pending. A store made before migrations existed has the baseline's tables already, and the
baseline creates only what is missing, so old stores upgrade in place with all their versions.
"""
from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number, the same in every server: pg_advisory_lock's key for "migrating".
_PG_LOCK_KEY = 4_211_022_022


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration the code knows."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The migration a database is at (None: never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _locked_connection(engine: Engine) -> Iterator[Connection]:
    """A connection holding the migration lock. On SQLite the lock is taken before connecting: a
    new file's first connection switches it to WAL, which must not race another's."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("select pg_advisory_lock(:key)"), {"key": _PG_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.rollback()
                connection.execute(text("select pg_advisory_unlock(:key)"), {"key": _PG_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        with engine.connect() as connection:  # nobody else can reach this database
            yield connection
        return
    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> list[str]:
    """Run every pending migration; returns the revisions this call applied (oldest first)."""
    with _locked_connection(engine) as connection:
        before = current_revision(connection)
        connection.commit()
        if before == head_revision():
            return []
        command.upgrade(_config(connection), "head")
        connection.commit()
        script = ScriptDirectory(str(MIGRATIONS))
        applied = [s.revision for s in script.iterate_revisions(head_revision(), before)]
        return list(reversed(applied))
