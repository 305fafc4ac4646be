"""Indicator facts and the class each gives on a day: sanctions, Russia's list, US alliances."""
import pandas as pd

from geo.rule.indicators import fact_days, in_force_from, indicator_classes, readable_date
from geo.intake.io import INDICATORS_PATH, read_csv_path

FACTS = pd.DataFrame([
    ("USA", "sanctions", "own", "2022-02-22", "sourced"),
    ("BHS", "sanctions", "own", "2022", "sourced"),
    ("BHS", "unfriendly", "listed", "2022-07-24", "sourced"),
    ("AUS", "us_alliance", "mnna", "", "sourced"),
    ("AUS", "us_alliance", "bilateral_treaty", "", "sourced"),
    ("QAT", "us_alliance", "mnna", "2022-03", "sourced"),
    ("URY", "us_alliance", "rio_treaty", "", "inferred"),
    ("IND", "sanctions", "none", "", "sourced"),
], columns=["iso3", "indicator", "value", "date", "certainty"])


def test_a_fact_dated_by_month_or_year_counts_from_the_end_of_it():
    assert in_force_from("2022-03") == "2022-03-31" and in_force_from("2022") == "2022-12-31"
    assert in_force_from("2022-07-24") == "2022-07-24" and in_force_from("") == ""
    assert readable_date("2022-03-05") == "5 Mar 2022" and readable_date("2022-02") == "Feb 2022"


def test_the_first_category_of_the_layer_wins():
    classes = indicator_classes(FACTS)
    assert classes.loc["AUS", "us_alliance"] == "bilateral_treaty"
    assert classes.loc["URY", "us_alliance_inferred"]
    assert not classes.loc["AUS", "us_alliance_inferred"]


def test_on_a_day_later_facts_are_left_out_and_the_country_falls_back_to_none():
    march = indicator_classes(FACTS, "2022-03-15")
    assert march.loc["USA", "sanctions"] == "own" and march.loc["USA", "sanctions_since"] == "2022-02-22"
    assert march.loc["BHS", "unfriendly"] == "not_listed"
    assert march.loc["QAT", "us_alliance"] == "none"
    assert indicator_classes(FACTS, "2022-04-01").loc["QAT", "us_alliance"] == "mnna"


def test_a_country_without_facts_on_a_layer_has_no_class_rather_than_none():
    classes = indicator_classes(FACTS)
    assert classes.loc["AUS", "sanctions"] == ""


def test_the_time_slider_stops_where_a_fact_changed_a_layer():
    assert fact_days(FACTS) == ["2022-02-22", "2022-03-31", "2022-07-24", "2022-12-31"]
    shipped = fact_days(read_csv_path(INDICATORS_PATH))
    assert {"2022-03-05", "2022-07-24"} <= set(shipped)
