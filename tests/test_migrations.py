"""Stores upgrade themselves: Alembic migrations at start, on stores made by earlier releases.

The fixtures are real stores made by earlier releases' own code (tests/fixtures/make_old_store.py
says how): `store_2022_seeded.db` was seeded by the release before 2026-11-27, whose shipped data
held sixteen host records derived from an old rule, then used under the release of 2026-12-01; a
reader uploaded records (one of them replacing a host record), uploaded one more and rolled it back.
`store_release_2026_12.db` was made by the release of 2026-12-01 alone. On PostgreSQL the same rows
are copied into tables made as that release made them (no migration table).
"""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, insert, select, text

from geo.storage.migrate import current_revision, head_revision
from geo.storage.store import Store
from geo.storage.store_schema import metadata, records_table, versions_table

FIXTURES = Path(__file__).parent / "fixtures"
SEEDED_2022 = FIXTURES / "store_2022_seeded.db"
RELEASE_2026_12 = FIXTURES / "store_release_2026_12.db"
HOSTS = {"ARM", "BHR", "BLR", "COG", "KAZ", "KGZ", "KHM", "MMR", "MNG", "SAU", "TJK", "TKM", "UZB",
         "VNM"}  # and DZA's and ETH's host records, checked apart


def _copy_store(source: Path, url: str) -> None:
    """The rows of an old SQLite store into an empty database, in tables made as the old code made them."""
    old = create_engine(f"sqlite:///{source}")
    tables = MetaData()
    tables.reflect(old)
    target = create_engine(url)
    tables.create_all(target)
    with old.connect() as read, target.begin() as write:
        for table in tables.sorted_tables:
            rows = [dict(row._mapping) for row in read.execute(select(table))]
            if rows:
                write.execute(insert(table), rows)
        if target.dialect.name == "postgresql":  # as if the rows had been written one by one
            write.execute(text("select setval(pg_get_serial_sequence('atlas_records', 'id'), "
                               "(select max(id) from atlas_records))"))
    old.dispose()
    target.dispose()


@pytest.fixture
def old_store(database_url, tmp_path):
    """A function giving the URL of a copy of an old release's store on this backend."""
    def make(source: Path) -> str:
        if database_url.startswith("sqlite"):
            path = tmp_path / source.name
            shutil.copy(source, path)
            return f"sqlite:///{path}"
        _copy_store(source, database_url)
        return database_url
    return make


def _current(store: Store):
    return store.current().set_index(["iso3", "as_of"])


def test_a_new_store_is_built_by_the_migrations_to_exactly_the_codes_tables(database_url):
    store = Store(database_url)
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    assert store.current_version() == 0
    store.close()


def test_a_store_seeded_in_2022_upgrades_with_its_versions_and_uploads_intact(old_store):
    url = old_store(SEEDED_2022)
    engine = create_engine(url)
    with engine.connect() as conn:
        assert current_revision(conn) is None
        old_versions = conn.execute(select(versions_table.c.number, versions_table.c.action)
                                    .order_by(versions_table.c.number)).all()
    engine.dispose()
    assert [a for _, a in old_versions] == ["seed", "merge", "merge", "rollback"]

    store = Store(url)
    versions = store.versions()
    assert [(v.number, v.action) for v in reversed(versions)][:4] == [tuple(v) for v in old_versions]
    upgrade = versions[0]
    assert (upgrade.number, upgrade.action, upgrade.author, upgrade.removed) == (5, "upgrade", "atlas", 15)
    current = _current(store)
    assert not HOSTS & set(current.index.get_level_values("iso3"))
    assert not current["evidence"].str.startswith(("Hosted Lavrov in", "Hosted Putin in")).any()
    # The readers' records, including one that replaced a host record, are untouched.
    assert current.loc[("DZA", "2022-05-09"), "evidence"].startswith("A person's record: Algeria")
    assert current.loc[("KEN", "2022-02-21"), "russia_stance"] == "distancing"
    assert current.loc[("ETH", "2022-07-27"), "evidence"] == "A person's own account of Lavrov's visit to Addis Ababa."
    assert ("DZA", "2022-05-10") not in current.index  # Algeria's host record
    # The article's records stay; every old version can still be read.
    assert {"EGY", "UGA", "IND", "PHL", "TUR", "CHN"} <= set(current.index.get_level_values("iso3"))
    assert len(store.records(4)) == 32 and len(store.records(5)) == 17
    # A rollback to before the upgrade brings the host records back, as a new version.
    restored = store.rollback(4, author="editor")
    assert restored.number == 6 and HOSTS <= set(store.current()["iso3"])
    store.close()


def test_the_previous_releases_store_upgrades_without_a_new_version(old_store):
    url = old_store(RELEASE_2026_12)
    store = Store(url)
    assert store.migrated == ["0001_baseline", "0002_host_records", "0003_datasets"]
    assert [(v.number, v.action) for v in store.versions()] == [
        (4, "rollback"), (3, "merge"), (2, "merge"), (1, "seed")]
    assert store.current_version() == 4
    current = _current(store)
    assert current.loc[("KEN", "2022-02-21"), "russia_stance"] == "distancing"
    assert current.loc[("ETH", "2022-07-27"), "evidence"] == "A person's own account of Lavrov's visit to Addis Ababa."
    assert store.rollback(1, author="editor").number == 5  # rollback works after the upgrade
    store.close()


def test_opening_an_upgraded_store_again_runs_nothing(old_store):
    url = old_store(SEEDED_2022)
    Store(url).close()
    again = Store(url)
    assert again.migrated == []
    assert [v.action for v in again.versions()].count("upgrade") == 1
    again.close()


@pytest.mark.parametrize("source", [None, SEEDED_2022], ids=["new", "seeded-2022"])
def test_servers_starting_at_once_upgrade_the_store_once(old_store, database_url, source):
    url = old_store(source) if source else database_url
    applied: list[list[str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def server() -> None:
        try:
            start.wait()
            store = Store(url)
            applied.append(store.migrated)
            store.close()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=server) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(map(len, applied)) == [0, 0, 0, 3]
    store = Store(url)
    assert [v.action for v in store.versions()].count("upgrade") == (1 if source else 0)
    with store.engine.connect() as conn:
        assert conn.execute(text("select count(*) from alembic_version")).scalar_one() == 1
    store.close()


def test_the_upgrade_removes_host_records_only_as_the_seed_wrote_them(old_store):
    """A reader who re-uploaded a host record word for word keeps it: it is theirs now."""
    url = old_store(SEEDED_2022)
    engine = create_engine(url)
    with engine.begin() as conn:
        row = conn.execute(select(records_table).where(records_table.c.iso3 == "BLR",
                                                       records_table.c.valid_to.is_(None))).one()._mapping
        conn.execute(text("insert into atlas_versions (number, created_at, author, action, note, "
                          "records, added, changed, removed) values (5, '2026-11-30T00:00:00+00:00', "
                          "'reader', 'merge', '', 32, 0, 1, 0)"))
        conn.execute(records_table.update().where(records_table.c.id == row["id"]).values(valid_to=5))
        conn.execute(insert(records_table).values(
            **{k: v for k, v in row.items() if k not in ("id", "valid_from", "valid_to")},
            valid_from=5, valid_to=None))
        conn.execute(text("update atlas_head set version = 5"))
    engine.dispose()
    store = Store(url)
    assert "BLR" in set(store.current()["iso3"])
    assert store.versions()[0].removed == 14
    store.close()


def test_an_old_store_gains_the_datasets_table_and_saves_a_dataset_as_its_next_version(old_store):
    """0003_datasets: the previous release's store, with its four versions, saves and rolls back datasets."""
    from geo.maps.dataset_layers import Classing
    from geo.intake.datasets import Metadata, read_dataset

    store = Store(old_store(RELEASE_2026_12))
    assert "0003_datasets" in store.migrated and store.datasets.at() == []
    records = store.current()
    dataset = read_dataset(b"iso3,share (%)\nEGY,78.2\nKEN,12\n",
                           Metadata(title="Wheat", source="https://example.org", year="2020")).dataset
    saved = store.save_dataset(dataset, Classing(), author="editor", expected_version=4)
    assert (saved.number, saved.records) == (5, len(records))
    pd.testing.assert_frame_equal(store.current(), records)  # a dataset leaves the records alone
    assert [d.dataset.key for d in store.datasets.at()] == ["wheat"]
    store.rollback(4)
    assert store.datasets.at() == [] and store.records(4).equals(store.current())
    store.close()
