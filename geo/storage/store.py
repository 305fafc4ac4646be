"""The shared store of country records: every change is a numbered, auditable dataset version.

One small interface over SQLAlchemy Core: an SQLite file by default, any SQLAlchemy URL (e.g.
PostgreSQL) when several app servers share the data. Records are kept as a temporal table: a row is
valid from the version that wrote it until the version that changed or removed it, so any version
can be read back, a rollback is a new version equal to an older one, and nothing is ever deleted.

The schema and any change to stored data that a release needs come as Alembic migrations
(geo/storage/migrations), run when a server opens the store.

Every apply or rollback is one transaction. It first takes the lock on the single `atlas_head` row
(an UPDATE, which SQLite turns into its write lock and PostgreSQL into a row lock), so writers from
any number of servers queue up instead of interleaving; version numbers are a primary key besides.
A failed apply rolls back and leaves the store as it was.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, bindparam, create_engine, delete, event, insert, or_, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from geo.storage.access import Throttle
from geo.maps.dataset_layers import Classing
from geo.storage.dataset_store import DatasetStore
from geo.intake.datasets import Dataset
from geo.storage.changes import (KEY, STORED_COLUMNS, ChangeSet, Mode, plan_changes, plan_digest,
                          records_digest, stored_form)
from geo.storage.migrate import upgrade
from geo.storage.store_schema import (attempts_table, digests_table, head_table, records_table, settings_table,
                              versions_table)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'atlas.db'}"
DATABASE_URL_ENV = "ATLAS_DATABASE_URL"

class StoreError(RuntimeError):
    """A change the store refused, worded for the person who asked for it. Nothing was changed."""


class StaleVersion(StoreError):
    """Someone else changed the data between a preview and its apply."""


@dataclass(frozen=True)
class Version:
    """One dataset version: who made it, how, and what it changed."""

    number: int
    created_at: str
    author: str
    action: str
    note: str
    restores: int | None
    records: int
    added: int
    changed: int
    removed: int


def database_url() -> str:
    """The store's URL: $ATLAS_DATABASE_URL, else an SQLite file in var/ beside the code."""
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_URL


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection, _record):  # readers never wait for a writer; FKs checked
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class Store:
    """Country records with their version history, in one SQL database."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self.engine = _engine(self.url)
        self._create()
        self.datasets = DatasetStore(self.engine)  # saved datasets, versioned with the records

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    @property
    def display_url(self) -> str:
        """The URL without its password, for people to read."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def _create(self) -> None:
        """Bring the database to the current schema: Alembic's pending migrations, under a lock
        (geo.storage.migrate), so several servers starting at once upgrade it once."""
        self.migrated = upgrade(self.engine)

    # Reading ---------------------------------------------------------------------------------

    def current_version(self) -> int:
        """The number of the current version; 0 while the store is empty. One cheap query."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(head_table.c.version).where(head_table.c.id == 1))
                       .scalar_one())

    def current(self) -> pd.DataFrame:
        """The records of the current version."""
        with self.engine.connect() as conn:
            return self._records(conn, None)

    def records(self, version: int) -> pd.DataFrame:
        """The records as they were in a version (it never changes once written)."""
        with self.engine.connect() as conn:
            self._require_version(conn, version)
            return self._records(conn, version)

    def versions(self) -> list[Version]:
        """Every version, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(versions_table).order_by(versions_table.c.number.desc()))
            return [Version(**row._mapping) for row in rows]

    def version_digests(self) -> dict[int, str]:
        """Version number -> fingerprint of its records. Versions written before fingerprints
        were kept get theirs now, once."""
        with self.engine.connect() as conn:
            digests = dict(conn.execute(select(digests_table.c.number, digests_table.c.digest)).all())
            missing = [n for n in conn.execute(select(versions_table.c.number)).scalars()
                       if n not in digests]
            computed = {n: records_digest(self._records(conn, n)) for n in missing}
        for number, digest in computed.items():
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(digests_table).values(number=number, digest=digest))
            except IntegrityError:  # another server filled it in meanwhile: the same value
                pass
        return self.datasets.combined({**digests, **computed})

    @staticmethod
    def _records(conn: Connection, version: int | None) -> pd.DataFrame:
        columns = [records_table.c[name] for name in STORED_COLUMNS]
        query = select(*columns)
        if version is None:
            query = query.where(records_table.c.valid_to.is_(None))
        else:
            query = query.where(records_table.c.valid_from <= version,
                                or_(records_table.c.valid_to.is_(None),
                                    records_table.c.valid_to > version))
        rows = conn.execute(query.order_by(records_table.c.iso3, records_table.c.as_of)).all()
        return pd.DataFrame(rows, columns=STORED_COLUMNS, dtype=str)

    @staticmethod
    def _require_version(conn: Connection, version: int) -> None:
        found = conn.execute(select(versions_table.c.number)
                             .where(versions_table.c.number == version)).first()
        if found is None:
            raise StoreError(f"There is no version {version}.")

    # Changing --------------------------------------------------------------------------------

    def apply(self, records: pd.DataFrame, mode: Mode = "merge", author: str = "", note: str = "",
              expected_version: int | None = None, action: str | None = None,
              expected_digest: str | None = None) -> Version:
        """Merge (upsert by country and date) or replace the records, as one new version.

        expected_version is the version the person previewed against, and expected_digest the
        plan_digest() of the change the preview showed. Both are checked inside the transaction,
        under the writers' lock: if the data changed since, or the change would differ from the
        preview, nothing is written and StaleVersion says so.
        """
        incoming = stored_form(records)
        if incoming.empty:
            raise StoreError("The upload has no valid rows, so there is nothing to apply.")
        missing = incoming[KEY].eq("").any(axis=1)
        if missing.any():
            raise StoreError("Every record needs its iso3 and as_of date; validate the file first.")
        with self.engine.begin() as conn:
            head = self._lock_head(conn, expected_version)
            plan = plan_changes(self._records(conn, None), incoming, mode)
            if expected_digest is not None and plan_digest(plan) != expected_digest:
                raise StaleVersion("Applying now would differ from the preview you saw. Check the "
                                   "preview again, then apply.")
            if not plan.changes_anything:
                raise StoreError("Nothing to apply: every record in the upload is already in the "
                                 "atlas, unchanged.")
            return self._write(conn, head, plan, action or mode, author, note, None)

    def rollback(self, version: int, author: str = "", note: str = "",
                 expected_version: int | None = None) -> Version:
        """A new version whose records and saved datasets equal those of an older one; the
        history keeps both."""
        with self.engine.begin() as conn:
            head = self._lock_head(conn, expected_version)
            self._require_version(conn, version)
            plan = plan_changes(self._records(conn, None), self._records(conn, version), "replace")
            if not plan.changes_anything and not self.datasets.differs(conn, version):
                raise StoreError(f"The current data already equals version {version}.")
            done = self._write(conn, head, plan, "rollback", author,
                               note or f"Rolled back to version {version}", version)
            self.datasets.restore(conn, done.number, version)
            return done

    def save_dataset(self, dataset: Dataset, classing: Classing, author: str = "", note: str = "",
                     expected_version: int | None = None) -> Version:
        """Save a dataset (replacing a saved one of the same key) as one new version."""
        with self.engine.begin() as conn:
            head = self._lock_head(conn, expected_version)
            try:
                return self.datasets.save(conn, head, dataset, classing, author, note)
            except ValueError as exc:
                raise StoreError(str(exc)) from None

    def delete_dataset(self, key: str, author: str = "", expected_version: int | None = None) -> Version:
        """Delete a saved dataset as one new version (a rollback brings it back)."""
        with self.engine.begin() as conn:
            head = self._lock_head(conn, expected_version)
            try:
                return self.datasets.delete(conn, head, key, author)
            except KeyError:
                raise StoreError("That dataset is no longer saved: someone deleted it already.") from None

    def seed(self, records: pd.DataFrame, note: str = "") -> Version | None:
        """Fill an empty store (version 1). Does nothing if any version exists, even if another
        server seeds at the same moment."""
        if self.current_version():
            return None
        try:
            return self.apply(records, "replace", author="atlas", note=note, expected_version=0,
                              action="seed")
        except (StaleVersion, IntegrityError):
            return None

    @staticmethod
    def _lock_head(conn: Connection, expected_version: int | None) -> int:
        """Take the writers' lock (held until commit) and read the current version under it."""
        conn.execute(update(head_table).where(head_table.c.id == 1)
                     .values(version=head_table.c.version))
        head = int(conn.execute(select(head_table.c.version).where(head_table.c.id == 1))
                   .scalar_one())
        if expected_version is not None and head != expected_version:
            raise StaleVersion(f"The data changed since your preview: it is now version {head}, "
                               f"you previewed version {expected_version}. Check the preview "
                               "again, then apply.")
        return head

    @staticmethod
    def _write(conn: Connection, head: int, plan: ChangeSet, action: str, author: str, note: str,
               restores: int | None) -> Version:
        number = head + 1
        version = Version(number=number, created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          author=(author or "anonymous").strip()[:200], action=action,
                          note=note.strip(), restores=restores, records=len(plan.result),
                          added=plan.new, changed=plan.changed, removed=plan.removed)
        conn.execute(insert(versions_table).values(**version.__dict__))
        conn.execute(insert(digests_table).values(number=number, digest=records_digest(plan.result)))
        ended = plan.table[plan.table["change"].isin(["changed", "removed"])]
        if len(ended):  # close the current row of each changed or removed (iso3, as_of)
            conn.execute(update(records_table)
                         .where(records_table.c.valid_to.is_(None),
                                records_table.c.iso3 == bindparam("key_iso3"),
                                records_table.c.as_of == bindparam("key_as_of"))
                         .values(valid_to=number),
                         [{"key_iso3": i, "key_as_of": d} for i, d in zip(ended["iso3"], ended["as_of"])])
        written = plan.table[plan.table["change"].isin(["new", "new date", "changed"])][STORED_COLUMNS]
        if len(written):
            rows = written.assign(valid_from=number).to_dict("records")
            conn.execute(insert(records_table), rows)
        conn.execute(update(head_table).where(head_table.c.id == 1).values(version=number))
        return version

    # Settings (the generated editor token's hash lives here, shared by every server) ---------

    def setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(settings_table.c.value)
                                .where(settings_table.c.key == key)).scalar_one_or_none()

    def ensure_setting(self, key: str, value: str) -> str:
        """The stored value of key, storing value first if there is none (first writer wins)."""
        existing = self.setting(key)
        if existing is not None:
            return existing
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(settings_table).values(key=key, value=value))
            return value
        except IntegrityError:
            return self.setting(key) or value

    def replace_setting(self, key: str, value: str | None) -> None:
        """Set key to value (None removes it)."""
        with self.engine.begin() as conn:
            conn.execute(delete(settings_table).where(settings_table.c.key == key))
            if value is not None:
                conn.execute(insert(settings_table).values(key=key, value=value))

    # Throttling guesses, for every server at once --------------------------------------------

    def count_attempt(self, key: str, now: float, throttle: Throttle, wait: bool = True) -> float:
        """Take one try of kind key: 0 when it may be made now (it counts as a failure until
        clear_attempts), else the seconds to wait, and nothing is counted. With wait=False the
        try is counted whatever the throttle says (a failure already made). One transaction
        holding the row's lock, so tries from many servers are counted one by one."""
        for _ in range(2):
            with self.engine.begin() as conn:
                locked = conn.execute(update(attempts_table).where(attempts_table.c.key == key)
                                      .values(failures=attempts_table.c.failures))
                if locked.rowcount:
                    failures, last_at = conn.execute(
                        select(attempts_table.c.failures, attempts_table.c.last_at)
                        .where(attempts_table.c.key == key)).one()
                    waiting = throttle.wait(failures, last_at, now) if wait else 0.0
                    if waiting > 0:
                        return waiting
                    conn.execute(update(attempts_table).where(attempts_table.c.key == key).values(
                        failures=throttle.counted(failures, last_at, now) + 1, last_at=now))
                    return 0.0
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(attempts_table).values(key=key, failures=1, last_at=now))
                return 0.0
            except IntegrityError:  # another server made the row first: count on it
                continue
        return 0.0

    def clear_attempts(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(attempts_table).where(attempts_table.c.key == key)
                         .values(failures=0))



def open_store(url: str | None = None) -> Store:
    """The store at url (default: database_url()), seeded from data/countries.csv on first start."""
    from geo.intake.io import COUNTRIES_PATH, read_csv_path
    from geo.intake.records import validate_records

    store = Store(url)
    if not store.current_version():
        checked = validate_records(read_csv_path(COUNTRIES_PATH))
        if checked.problems:  # the shipped data must be clean; a broken edit shows up at once
            raise ValueError("data/countries.csv: " + " ".join(p.message for p in checked.problems))
        store.seed(checked.records, note="Seeded with the atlas's country records")
    return store
