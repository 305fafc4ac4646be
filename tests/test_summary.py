"""The sentences above the map say what the data says, over all UN members, with their denominators."""
import pandas as pd

from geo.rule.summary import (MAX_NAMED, engagement_finding, hosting_findings, movement_finding, stance_finding,
                         summarise, vote_finding)


def frame(rows):
    return pd.DataFrame(rows, columns=["iso3", "name", "un_member", "vote", "engagement", "russia_stance",
                                       "population"]).assign(vote_es11_2="", vote_es11_3="", vote_es11_4="", vote_es11_5="",
                                                      vote_es11_6="", movement="")


COUNTRIES = frame([
    ("EGY", "Egypt", True, "yes", "engaging", "friendly", 100),
    ("IND", "India", True, "abstain", "engaging", "friendly", 1400),
    ("PHL", "Philippines", True, "yes", "keeping_distance", "distancing", 110),
    ("UGA", "Uganda", True, "abstain", "not_us_aligned", "friendly", 47),
    ("BRA", "Brazil", True, "yes", "engaging", "hedging", 215),
    ("FRA", "France", True, "yes", "keeping_distance", "opposed", 68),
    ("BLR", "Belarus", True, "no", "not_us_aligned", "ally", 9),
    ("XKX", "Kosovo", False, "", "", "opposed", 0),
])


def test_the_headline_counts_members_and_their_people():
    finding = stance_finding(COUNTRIES)
    assert finding.numbers == {"members": 7, "opposed": 1, "ally_or_friendly": 4,
                               "hedging_or_distancing": 2}
    assert finding.text.startswith("Of the 7 UN members, 1 opposed Russia in 2022")
    assert "they hold 3% of the world's people" in finding.text  # 68 of 1,949
    assert "4 were Russia's allies or friendly to it (80% of the people)" in finding.text


def test_vote_counts_are_over_un_members_only():
    finding = vote_finding(COUNTRIES)
    assert finding.numbers["members"] == 7 and finding.numbers["es11_1_yes"] == 4
    assert finding.text.startswith("Of the 7 UN members, 4 voted in favour on the invasion (ES-11/1)")


def test_the_findings_cover_2022_23_once_the_2023_vote_is_held():
    assert "opposed Russia in 2022 " in stance_finding(COUNTRIES).text
    later = COUNTRIES.assign(vote_es11_6=["yes"] * 7 + [""])
    assert "opposed Russia in 2022-23 " in stance_finding(later).text
    assert "141" not in vote_finding(later).text and "7 on a comprehensive, just and lasting peace (ES-11/6)" \
        in vote_finding(later).text


def test_who_moved_counts_members_and_people_and_names_a_short_list():
    moved = COUNTRIES.assign(vote_es11_6=["yes", "yes", "yes", "abstain", "absent", "yes", "no", ""],
                             movement=["steady_ukraine", "towards_ukraine", "steady_ukraine", "never_sided",
                                       "towards_russia", "steady_ukraine", "steady_russia", ""])
    finding = movement_finding(moved)
    assert finding.numbers["steady_ukraine"] == 3 and finding.numbers["towards_russia"] == 1
    assert "Across the 2 votes on Ukraine held by then (ES-11/1 to ES-11/6)" in finding.text
    assert "3 members voted in favour every time (14% of the people)" in finding.text  # 278 of 1,949
    assert "1 moved towards Russia (11% of the people): Brazil" in finding.text
    assert "1 moved away from it (72% of the people): India" in finding.text


def test_hosting_names_every_host_and_says_when_the_base_is_small():
    abstained, voted_for = hosting_findings(COUNTRIES, {"IND", "EGY", "XKX"})
    assert abstained.numbers == {"group": 2, "hosted": 1}
    assert abstained.text == ("Of the 2 countries that abstained on ES-11/1, 1 was visited by Lavrov or "
                              "Putin in 2022: India. (A small base: 2 countries.)")
    assert voted_for.numbers == {"group": 4, "hosted": 1}


def test_engagement_names_the_allies_that_engage_over_all_members():
    finding = engagement_finding(COUNTRIES)
    assert finding.numbers == {"engaging": 3, "allies_and_partners": 5, "members": 7}
    assert finding.text.startswith("3 of the 5 US treaty allies and partners among the 7 UN members")
    assert "Brazil, Egypt and India." in finding.text


def test_a_long_list_is_left_to_the_table_rather_than_cut():
    many = frame([(f"C{i:02}", f"Country {i:02}", True, "yes", "engaging", "hedging", 1)
                  for i in range(MAX_NAMED + 1)])
    text = engagement_finding(many).text
    assert "Country 00" not in text
    assert f"all {MAX_NAMED + 1} are listed in the table under the map" in text


def test_without_travel_data_there_is_no_hosting_sentence():
    assert len(summarise(COUNTRIES)) == 4
    assert len(summarise(COUNTRIES, visited=[])) == 6


def test_before_the_vote_the_findings_say_so_instead_of_counting_zeros():
    before = COUNTRIES.assign(vote="")
    findings = summarise(before, {"IND"})
    assert len(findings) == 3
    assert "had not yet voted" in findings[2].text
    assert not any("Of the 0 countries" in f.text for f in findings)
