"""What an upload would change, counted the way the preview shows it and the store applies it."""
import pandas as pd
import pytest

from geo.changes import plan_changes

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
