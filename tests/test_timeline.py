"""Stepping through 2022: each snapshot shows only what was known that day."""
import pandas as pd

from geo.timeline import LATEST, records_as_of, snapshot_dates, votes_as_of

RECORDS = pd.DataFrame([
    {"iso3": "PHL", "russia_stance": "hedging", "as_of": "2021-11-01"},
    {"iso3": "PHL", "russia_stance": "distancing", "as_of": "2022-07-27"},
    {"iso3": "EGY", "russia_stance": "friendly", "as_of": "2022-07-27"},
])
VOTES = pd.DataFrame([
    {"iso3": "EGY", "resolution": "ES-11/1", "date": "2022-03-02", "vote": "yes"},
    {"iso3": "EGY", "resolution": "ES-11/4", "date": "2022-10-12", "vote": "unverified"},
])


def test_snapshots_are_the_days_the_data_changed():
    assert snapshot_dates(RECORDS, VOTES) == ["2021-11-01", "2022-03-02", "2022-07-27", "2022-10-12"]


def test_a_country_shows_its_stance_before_and_after_a_shift():
    from geo.join import latest_records

    before = latest_records(records_as_of(RECORDS, "2022-03-02"))
    after = latest_records(records_as_of(RECORDS, "2022-08-01"))
    assert before.loc["PHL", "russia_stance"] == "hedging"
    assert "EGY" not in before.index
    assert after.loc["PHL", "russia_stance"] == "distancing"


def test_votes_not_yet_cast_are_not_shown():
    assert votes_as_of(VOTES, "2022-07-27")["resolution"].tolist() == ["ES-11/1"]
    assert len(votes_as_of(VOTES, LATEST)) == 2
