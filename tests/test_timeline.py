"""Stepping through 2022: each snapshot shows only what was known that day."""
import pandas as pd

from geo.rule.timeline import LATEST, records_as_of, snapshot_dates, votes_as_of

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
    from geo.maps.join import latest_records

    before = latest_records(records_as_of(RECORDS, "2022-03-02"))
    after = latest_records(records_as_of(RECORDS, "2022-08-01"))
    assert before.loc["PHL", "russia_stance"] == "hedging"
    assert "EGY" not in before.index
    assert after.loc["PHL", "russia_stance"] == "distancing"


def test_votes_not_yet_cast_are_not_shown():
    assert votes_as_of(VOTES, "2022-07-27")["resolution"].tolist() == ["ES-11/1"]
    assert len(votes_as_of(VOTES, LATEST)) == 2


def test_each_stop_of_the_slider_says_what_changed_that_day():
    from datetime import date

    from geo.travels.routes import Stop
    from geo.rule.timeline import describe_days

    stops = [Stop(line=2, traveller="lavrov", date_start=date(2022, 7, 27), date_end=date(2022, 7, 27),
                  city="Cairo", country="Egypt", iso3="EGY", lat=30.0, lon=31.2),
             Stop(line=3, traveller="lavrov", date_start=date(2022, 5, 11), date_end=date(2022, 5, 11),
                  city="Muscat", country="Oman", iso3="OMN", lat=23.6, lon=58.4, confidence="unverified")]
    labels = describe_days(RECORDS, VOTES, stops)
    assert labels["2022-10-12"] == "12 Oct: ES-11/4 vote"
    assert labels["2022-03-02"] == "2 Mar: ES-11/1 vote"
    assert labels["2022-07-27"] == "27 Jul: Lavrov in Egypt; records for 2 countries"
    assert labels["2022-05-11"] == "11 May: Lavrov in Oman (unverified)"
    assert labels["2021-11-01"] == "1 Nov 2021: record for PHL"
    assert list(labels) == snapshot_dates(RECORDS, VOTES, ["2022-05-11", "2022-07-27"])
