"""The shared store: versions, merge, replace, rollback, and nothing changed by a failed apply.

Run on SQLite always and on PostgreSQL when $ATLAS_TEST_POSTGRES_URL names a database (`make test`
starts a local server and sets it when it can).
"""
from __future__ import annotations

import contextlib
import threading

import pandas as pd
import pytest

from geo.io import COUNTRIES_PATH, read_csv_path
from geo.records import validate_records
from geo.store import StaleVersion, Store, StoreError, open_store
from tests.databases import NO_POSTGRES, POSTGRES_URL, postgres_schema

SEED = validate_records(read_csv_path(COUNTRIES_PATH)).records


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request, tmp_path):
    """A function opening the same empty store each time it is called, as a restarted server would."""
    opened: list[Store] = []
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    with (postgres_schema() if request.param == "postgresql"
          else contextlib.nullcontext(f"sqlite:///{tmp_path / 'atlas.db'}")) as url:

        def open_again(seeded: bool = True) -> Store:
            store = open_store(url) if seeded else Store(url)
            opened.append(store)
            return store

        yield open_again
        for store in opened:
            store.close()


def record(iso3: str, country: str, stance: str = "friendly", as_of: str = "2022-08-01", **extra) -> dict:
    return {"country": country, "iso3": iso3, "us_alignment": "partner", "russia_stance": stance,
            "blocs": "", "evidence": "x", "source": "AP", "as_of": as_of, "confidence": "high",
            "note": "", **extra}


def stance_of(store: Store, iso3: str) -> str:
    latest = store.current().sort_values("as_of").drop_duplicates("iso3", keep="last")
    return latest.set_index("iso3").loc[iso3, "russia_stance"]


def test_a_new_store_is_seeded_from_the_shipped_records_as_version_1(store_at):
    store = store_at()
    assert store.current_version() == 1
    [seed] = store.versions()
    assert (seed.number, seed.action, seed.records) == (1, "seed", len(SEED))
    assert set(store.current()["iso3"]) == set(SEED["iso3"])
    assert store_at().current_version() == 1, "opening again does not seed again"


def test_merge_updates_by_country_and_date_and_keeps_the_rest(store_at):
    store = store_at()
    version = store.apply(pd.DataFrame([record("TUR", "Turkey", "friendly", "2022-07-27"),
                                        record("BRA", "Brazil")]), "merge", author="Ana", note="n")
    assert (version.number, version.action, version.added, version.changed, version.removed) == \
        (2, "merge", 1, 1, 0)
    assert version.author == "Ana" and version.note == "n"
    current = store.current()
    assert len(current) == len(SEED) + 1
    assert stance_of(store, "TUR") == "friendly" and stance_of(store, "BRA") == "friendly"
    assert stance_of(store, "PHL") == "distancing"


def test_merge_with_a_new_date_adds_a_record_beside_the_old_one(store_at):
    store = store_at()
    store.apply(pd.DataFrame([record("TUR", "Turkey", "opposed", "2023-01-01")]))
    turkey = store.current().query("iso3 == 'TUR'")
    assert sorted(turkey["as_of"]) == ["2022-07-27", "2023-01-01"]
    assert stance_of(store, "TUR") == "opposed"


def test_replace_makes_the_upload_the_whole_dataset(store_at):
    store = store_at()
    version = store.apply(pd.DataFrame([record("BRA", "Brazil")]), "replace")
    assert (version.added, version.removed, version.records) == (1, len(SEED), 1)
    assert store.current()["iso3"].tolist() == ["BRA"]


def test_every_version_can_be_read_back_and_rolled_back_to(store_at):
    store = store_at()
    store.apply(pd.DataFrame([record("TUR", "Turkey", "opposed", "2022-07-27")]))
    store.apply(pd.DataFrame([record("BRA", "Brazil")]), "replace")
    assert stance_of(store, "BRA") == "friendly"
    assert store.records(2).query("iso3 == 'TUR'")["russia_stance"].tolist() == ["opposed"]

    rolled = store.rollback(1, author="Ana")
    assert (rolled.number, rolled.action, rolled.restores, rolled.author) == (4, "rollback", 1, "Ana")
    pd.testing.assert_frame_equal(store.current(), store.records(1))
    assert [v.number for v in store.versions()] == [4, 3, 2, 1], "rollback deletes no version"
    store.rollback(3)
    assert store.current()["iso3"].tolist() == ["BRA"], "a rollback can itself be undone"


def test_data_survives_reopening_the_store(store_at):
    store_at().apply(pd.DataFrame([record("BRA", "Brazil", "hedging")]), author="Ana")
    reopened = store_at()
    assert reopened.current_version() == 2
    assert stance_of(reopened, "BRA") == "hedging"
    assert reopened.versions()[0].author == "Ana"


def test_a_failed_apply_changes_nothing(store_at, monkeypatch):
    store = store_at()
    before = store.current()
    import geo.store

    def broken_insert(*args, **kwargs):
        raise RuntimeError("disk full")

    real_insert = geo.store.insert
    monkeypatch.setattr(geo.store, "insert", lambda table: broken_insert() if table is
                        geo.store.records_table else real_insert(table))
    with pytest.raises(RuntimeError, match="disk full"):
        store.apply(pd.DataFrame([record("TUR", "Turkey", "opposed", "2022-07-27")]))
    monkeypatch.undo()
    assert store.current_version() == 1
    assert [v.number for v in store.versions()] == [1]
    pd.testing.assert_frame_equal(store.current(), before)
    assert store.apply(pd.DataFrame([record("BRA", "Brazil")])).number == 2


@pytest.mark.parametrize("records, message", [
    (pd.DataFrame(columns=list(record("X", "X"))), "no valid rows"),
    (pd.DataFrame([record("", "Nowhere")]), "iso3"),
])
def test_an_apply_the_store_refuses_changes_nothing(store_at, records, message):
    store = store_at()
    with pytest.raises(StoreError, match=message):
        store.apply(records)
    assert store.current_version() == 1


def test_applying_what_is_already_there_makes_no_empty_version(store_at):
    store = store_at()
    with pytest.raises(StoreError, match="Nothing to apply"):
        store.apply(SEED)
    assert store.current_version() == 1


def test_an_apply_against_a_stale_preview_is_refused(store_at):
    store = store_at()
    store.apply(pd.DataFrame([record("BRA", "Brazil")]), expected_version=1)
    with pytest.raises(StaleVersion, match="now version 2"):
        store.apply(pd.DataFrame([record("CHL", "Chile")]), expected_version=1)
    assert store.current_version() == 2 and "CHL" not in set(store.current()["iso3"])


def test_rolling_back_to_a_version_that_does_not_exist_is_refused(store_at):
    store = store_at()
    with pytest.raises(StoreError, match="no version 9"):
        store.rollback(9)
    with pytest.raises(StoreError, match="already equals version 1"):
        store.rollback(1)


def test_two_servers_applying_at_once_both_land_as_consecutive_versions(store_at):
    first, second = store_at(), store_at()
    errors: list[Exception] = []

    def apply(store: Store, iso3: str, name: str) -> None:
        try:
            for day in range(1, 6):
                store.apply(pd.DataFrame([record(iso3, name, as_of=f"2022-09-0{day}")]))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=apply, args=(first, "BRA", "Brazil")),
               threading.Thread(target=apply, args=(second, "CHL", "Chile"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [v.number for v in first.versions()] == list(range(11, 0, -1))
    current = first.current()
    assert len(current) == len(SEED) + 10


def test_a_setting_is_stored_once_and_the_first_writer_wins(store_at):
    store = store_at()
    assert store.ensure_setting("editor_token", "first") == "first"
    assert store_at().ensure_setting("editor_token", "second") == "first"
