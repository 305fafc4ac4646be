"""The atlas's own data files: complete for the article, sourced, and consistent with the UN record."""
from collections import Counter

from geo.io import COUNTRIES_PATH, VOTES_PATH, read_csv_path
from geo.records import validate_records

ARTICLE_COUNTRIES = {"RUS", "UKR", "USA", "TUR", "IRN", "EGY", "UGA", "IND", "PHL", "CHN", "IDN",
                     "JPN", "AUS", "GEO"}


def test_the_country_records_are_valid_and_cover_every_country_the_article_names():
    checked = validate_records(read_csv_path(COUNTRIES_PATH))
    assert checked.problems == []
    assert ARTICLE_COUNTRIES <= set(checked.records["iso3"])
    assert (checked.records["source"] != "").all()
    assert (checked.records["evidence"] != "").all()


def test_article_records_quote_the_article():
    records = validate_records(read_csv_path(COUNTRIES_PATH)).records.set_index("iso3")
    assert "16 Russian military transport helicopters" in records.loc["PHL", "evidence"]
    assert "NATO member" in records.loc["TUR", "evidence"]
    assert "60 million barrels" in records.loc["IND", "evidence"]
    assert records.loc["PHL", ["us_alignment", "russia_stance"]].tolist() == ["treaty_ally", "distancing"]
    assert records.loc["TUR", ["us_alignment", "russia_stance"]].tolist() == ["treaty_ally", "hedging"]
    assert records.loc["EGY", ["us_alignment", "russia_stance"]].tolist() == ["partner", "friendly"]
    assert records.loc["UGA", ["us_alignment", "russia_stance"]].tolist() == ["partner", "friendly"]
    assert records.loc["IRN", "us_alignment"] == "rival"


def test_records_derived_by_rule_are_marked_low_confidence():
    records = validate_records(read_csv_path(COUNTRIES_PATH)).records
    derived = records[records["note"].str.startswith("Stance by rule")]
    assert len(derived) > 0
    assert set(derived["confidence"]) == {"low"}


def test_un_votes_match_the_official_totals():
    all_votes = read_csv_path(VOTES_PATH)
    votes = all_votes[all_votes["resolution"] == "ES-11/1"]
    assert len(votes) == 193
    assert Counter(votes["vote"]) == {"yes": 141, "no": 5, "abstain": 35, "absent": 12}
    by_iso3 = votes.set_index("iso3")["vote"]
    for iso3 in ("IND", "CHN", "IRN", "UGA"):
        assert by_iso3[iso3] == "abstain"
    for iso3 in ("EGY", "TUR", "PHL", "IDN"):
        assert by_iso3[iso3] == "yes"
    assert (votes["source"].str.contains("GA/12407")).all()


def test_later_votes_keep_what_is_not_verified_open():
    votes = read_csv_path(VOTES_PATH)
    es11_3 = votes[votes["resolution"] == "ES-11/3"].set_index("iso3")
    es11_4 = votes[votes["resolution"] == "ES-11/4"].set_index("iso3")
    assert len(es11_3) == len(es11_4) == 193
    assert Counter(es11_3["vote"])["no"] == 24
    assert es11_3.loc[["IND", "IDN", "EGY"], "vote"].tolist() == ["abstain"] * 3
    assert es11_3.loc[["PHL", "TUR"], "vote"].tolist() == ["yes", "yes"]
    assert Counter(es11_4["vote"])["no"] == 5 and Counter(es11_4["vote"])["abstain"] == 35
    for iso3 in ("CHN", "IND", "UGA", "ZAF", "PAK", "KAZ", "KGZ", "TJK", "UZB", "ERI", "COG", "ETH"):
        assert es11_4.loc[iso3, "vote"] == "abstain", iso3
    unverified = votes[votes["vote"] == "unverified"]
    assert (unverified["note"].str.startswith("Not verified")).all()
    assert "yes" not in set(es11_4["vote"]), "no ES-11/4 'in favour' is verified here"
