"""The shared store: versions, merge, replace, rollback, and nothing changed by a failed apply.

Run on SQLite always and on PostgreSQL when $ATLAS_TEST_POSTGRES_URL names a database (`make test`
starts a local server and sets it when it can).
"""
from __future__ import annotations

import threading

import pandas as pd
import pytest

from geo.intake.io import COUNTRIES_PATH, read_csv_path
from geo.intake.records import validate_records
from geo.storage.changes import plan_changes, plan_digest
from geo.storage.store import StaleVersion, Store, StoreError, digests_table, open_store

SEED = validate_records(read_csv_path(COUNTRIES_PATH)).records


@pytest.fixture
def store_at(database_url):
    """A function opening the same empty store each time it is called, as a restarted server would."""
    opened: list[Store] = []

    def open_again(seeded: bool = True) -> Store:
        store = open_store(database_url) if seeded else Store(database_url)
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
    import geo.storage.store

    def broken_insert(*args, **kwargs):
        raise RuntimeError("disk full")

    real_insert = geo.storage.store.insert
    monkeypatch.setattr(geo.storage.store, "insert", lambda table: broken_insert() if table is
                        geo.storage.store.records_table else real_insert(table))
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


def preview(store: Store, incoming: pd.DataFrame, mode: str = "merge") -> tuple[int, str]:
    """What an editor's page holds after previewing: the version it saw and the planned change."""
    version = store.current_version()
    return version, plan_digest(plan_changes(store.records(version), incoming, mode))


def test_a_preview_from_one_server_is_refused_after_another_server_changed_the_record(store_at):
    server_a, server_b = store_at(), store_at()
    mine = pd.DataFrame([record("TUR", "Turkey", "opposed", "2022-07-27")])
    version, digest = preview(server_a, mine)
    server_b.apply(pd.DataFrame([record("TUR", "Turkey", "ally", "2022-07-27")]), expected_version=1)
    with pytest.raises(StaleVersion, match="it is now version 2, you previewed version 1"):
        server_a.apply(mine, expected_version=version, expected_digest=digest)
    assert stance_of(server_b, "TUR") == "ally", "B's change is not overwritten"
    assert server_a.current_version() == 2


def test_an_apply_that_would_differ_from_its_preview_is_refused(store_at):
    store = store_at()
    mine = pd.DataFrame([record("BRA", "Brazil")])
    version, replace_digest = preview(store, mine, "replace")
    with pytest.raises(StaleVersion, match="differ from the preview"):
        store.apply(mine, "merge", expected_version=version, expected_digest=replace_digest)
    assert store.current_version() == 1
    assert store.apply(mine, "replace", expected_version=version, expected_digest=replace_digest).number == 2


def test_two_servers_applying_the_same_preview_at_once_write_it_once(store_at):
    servers = [store_at(), store_at()]
    incoming = [pd.DataFrame([record("BRA", "Brazil")]), pd.DataFrame([record("CHL", "Chile")])]
    previews = [preview(s, i) for s, i in zip(servers, incoming)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def apply(index: int) -> None:
        start.wait()
        try:
            servers[index].apply(incoming[index], expected_version=previews[index][0],
                                 expected_digest=previews[index][1])
            outcomes.append("applied")
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=apply, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "stale"]
    assert servers[0].current_version() == 2


def test_every_version_has_a_fingerprint_of_its_data_and_equal_data_share_one(store_at):
    store = store_at()
    store.apply(pd.DataFrame([record("TUR", "Turkey", "opposed", "2022-07-27")]))
    store.rollback(1)
    digests = store.version_digests()
    assert digests[3] == digests[1] != digests[2]
    with store.engine.begin() as conn:  # a store written before fingerprints were kept
        conn.execute(digests_table.delete())
    assert store_at().version_digests() == digests, "missing ones are computed once, the same"


def test_token_tries_are_counted_across_servers_and_throttled_together(store_at):
    from geo.storage.access import Throttle
    throttle = Throttle(free=3, cap=60, forget=900)
    first, second = store_at(), store_at()
    assert [s.count_attempt("token", 100.0, throttle) for s in (first, second, first)] == [0, 0, 0]
    assert second.count_attempt("token", 100.0, throttle) == 1.0, "the fourth try waits, on any server"
    assert first.count_attempt("token", 101.5, throttle) == 0
    assert second.count_attempt("token", 102.0, throttle) == 1.5
    first.clear_attempts("token")
    assert second.count_attempt("token", 102.0, throttle) == 0
