"""What an upload would change, counted the way the preview shows it and the store applies it."""
import pandas as pd
import pytest

from geo.storage.changes import new_dates_by_country, plan_changes

BASE = {"us_alignment": "partner", "russia_stance": "friendly", "blocs": "", "evidence": "x",
        "source": "AP", "confidence": "high", "note": ""}


def records(*rows):
    return pd.DataFrame([{**BASE, "country": c, "iso3": i, "as_of": d, **extra}
                         for c, i, d, extra in rows])


CURRENT = records(("Egypt", "EGY", "2022-07-27", {}), ("India", "IND", "2022-07-27", {}))


def test_merge_counts_new_changed_and_unchanged_and_keeps_the_rest():
    plan = plan_changes(CURRENT, records(("Egypt", "EGY", "2022-07-27", {"russia_stance": "ally"}),
                                         ("Chad", "TCD", "2022-07-27", {})), "merge")
    assert (plan.new, plan.changed, plan.unchanged, plan.removed) == (1, 1, 0, 0)
    assert sorted(plan.result["iso3"]) == ["EGY", "IND", "TCD"]
    assert plan.result.set_index("iso3").loc["EGY", "russia_stance"] == "ally"


def test_replace_counts_what_it_removes():
    plan = plan_changes(CURRENT, records(("Egypt", "EGY", "2022-07-27", {})), "replace")
    assert (plan.new, plan.changed, plan.unchanged, plan.removed) == (0, 0, 1, 1)
    assert plan.result["iso3"].tolist() == ["EGY"]
    assert plan.table.set_index("iso3").loc["IND", "change"] == "removed"


def test_the_same_country_on_another_date_is_a_new_record():
    plan = plan_changes(CURRENT, records(("Egypt", "EGY", "2023-01-01", {})), "merge")
    assert plan.new == 1 and len(plan.result) == 3


def test_nothing_to_change_is_said_so():
    assert not plan_changes(CURRENT, CURRENT, "merge").changes_anything


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        plan_changes(CURRENT, CURRENT, "append")


def test_a_record_with_a_new_date_for_a_known_country_is_a_new_date_beside_the_old_one():
    plan = plan_changes(CURRENT, records(("Egypt", "EGY", "2023-01-01", {"russia_stance": "ally"}),
                                         ("Egypt", "EGY", "2022-01-01", {}),
                                         ("Chad", "TCD", "2022-07-27", {})), "merge")
    assert (plan.new, plan.new_dates, plan.changed) == (3, 2, 0)
    table = plan.table.set_index(["iso3", "as_of"])
    assert table.loc[("EGY", "2023-01-01"), "change"] == "new date"
    assert table.loc[("TCD", "2022-07-27"), "change"] == "new"
    assert table.loc[("EGY", "2023-01-01"), "beside"] == "2022-07-27"
    assert sorted(plan.result.query("iso3 == 'EGY'")["as_of"]) == ["2022-01-01", "2022-07-27", "2023-01-01"]


def test_a_country_with_hundreds_of_dates_is_described_by_count_and_range_not_listed():
    days = [f"2021-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29)]
    current = records(*(("Egypt", "EGY", day, {}) for day in days))
    plan = plan_changes(current, records(("Egypt", "EGY", "2022-03-01", {}),
                                         ("Egypt", "EGY", "2020-05-01", {})), "merge")
    table = plan.table.set_index("as_of")
    assert table.loc["2022-03-01", "beside"] == "336 dates from 2021-01-01 to 2021-12-28"
    assert table.loc["2020-05-01", "latest"] == "2021-12-28"


def test_new_dates_are_summed_up_per_country_with_their_range_and_the_first_few():
    plan = plan_changes(CURRENT, records(*(("Egypt", "EGY", f"2022-0{m}-01", {}) for m in range(1, 10)),
                                         ("India", "IND", "2023-01-01", {}),
                                         ("Chad", "TCD", "2022-07-27", {})), "merge")
    summary = new_dates_by_country(plan).set_index("iso3")
    assert summary.index.tolist() == ["EGY", "IND"], "Chad has no older record: new, not a new date"
    egypt = summary.loc["EGY"]
    assert (egypt["new_dates"], egypt["first"], egypt["last"]) == (9, "2022-01-01", "2022-09-01")
    assert egypt["dates"] == "2022-01-01, 2022-02-01, 2022-03-01"
    assert (egypt["beside"], egypt["older"]) == ("2022-07-27", 7)
    assert summary.loc["IND", "older"] == 0
