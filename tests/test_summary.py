"""The sentences above the map say what the data says."""
import pandas as pd

from geo.summary import engagement_finding, hosting_findings, summarise, vote_finding


def frame(rows):
    return pd.DataFrame(rows, columns=["iso3", "name", "un_member", "vote", "engagement"])


COUNTRIES = frame([
    ("EGY", "Egypt", True, "yes", "engaging"),
    ("IND", "India", True, "abstain", "engaging"),
    ("PHL", "Philippines", True, "yes", "keeping_distance"),
    ("UGA", "Uganda", True, "abstain", ""),
    ("BRA", "Brazil", True, "yes", ""),
    ("BLR", "Belarus", True, "no", "not_us_aligned"),
    ("XKX", "Kosovo", False, "", ""),
])


def test_vote_counts_are_over_un_members_only():
    finding = vote_finding(COUNTRIES)
    assert finding.numbers == {"yes": 3, "no": 1, "abstain": 2, "absent": 0, "members": 6}
    assert finding.text.startswith("3 of 6 UN members voted")


def test_hosting_counts_abstainers_and_supporters_that_received_visits():
    abstained, voted_for = hosting_findings(COUNTRIES, {"IND", "EGY", "XKX"})
    assert abstained.numbers == {"group": 2, "hosted": 1}
    assert abstained.text == ("Of the 2 countries that abstained on ES-11/1, 1 was visited by "
                              "Lavrov or Putin in 2022: India.")
    assert voted_for.numbers == {"group": 3, "hosted": 1}


def test_engagement_names_the_allies_that_engage():
    finding = engagement_finding(COUNTRIES)
    assert finding.numbers == {"engaging": 2, "on_record": 3}
    assert finding.text.endswith("still engage Moscow: Egypt and India.")


def test_without_travel_data_there_is_no_hosting_sentence():
    assert len(summarise(COUNTRIES)) == 2
    assert len(summarise(COUNTRIES, visited=[])) == 4


def test_before_the_vote_the_findings_say_so_instead_of_counting_zeros():
    before = COUNTRIES.assign(vote="")
    findings = summarise(before, {"IND"})
    assert len(findings) == 2
    assert "had not yet voted on ES-11/1" in findings[1].text
    assert not any("Of the 0 countries" in f.text for f in findings)
    assert len(summarise(COUNTRIES, {"IND"})) == 4
