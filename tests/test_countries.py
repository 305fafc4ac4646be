"""Country names and codes, as people and files write them."""
import pytest

from geo.countries import (MAX_SUGGESTIONS, match_country, match_names, natural_earth_iso3, to_iso3,
                           un_members)


@pytest.mark.parametrize("text, iso3", [
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Côte d'Ivoire", "CIV"), ("Ivory Coast", "CIV"),
    ("Korea, Rep.", "KOR"), ("Congo (Brazzaville)", "COG"), ("Russian Federation", "RUS"),
    ("Viet Nam", "VNM"), ("Czechia", "CZE"), ("eSwatini", "SWZ"),
    ("Micronesia (Fed. States of)", "FSM"), ("TUR", "TUR"), ("TR", "TUR"), ("792", "TUR"),
    ("4", "AFG"), ("004", "AFG"), ("  Egypt ", "EGY"), ("Kosovo", "XKX"),
    # official names, World Bank and UN spellings, case and accents as people type them
    ("Republic of Türkiye", "TUR"), ("Turkiye", "TUR"), ("TÜRKIYE", "TUR"), ("Côte d\u2019Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"), ("Congo, Rep.", "COG"), ("Congo, Dem. Rep.", "COD"),
    ("Congo (Kinshasa)", "COD"), ("Korea, Dem. People's Rep.", "PRK"), ("Iran, Islamic Rep.", "IRN"),
    ("Egypt, Arab Rep.", "EGY"), ("Lao PDR", "LAO"), ("Gambia, The", "GMB"),
    ("Bolivia (Plurinational State of)", "BOL"), ("Venezuela, RB", "VEN"), ("Eswatini", "SWZ"),
    ("Swaziland", "SWZ"), ("Kingdom of Eswatini", "SWZ"), ("Micronesia, Fed. Sts.", "FSM"),
    ("Russia", "RUS"), ("Vietnam", "VNM"), ("Czech Republic", "CZE"), ("Cabo Verde", "CPV"),
    ("São Tomé and Príncipe", "STP"), ("United States of America", "USA"), ("UK", "GBR"),
    ("Burma", "MMR"), ("Timor-Leste", "TLS"), ("State of Palestine", "PSE"), ("Holy See", "VAT"),
    ("North Macedonia", "MKD"), ("Syrian Arab Republic", "SYR"), ("Brunei Darussalam", "BRN"),
    # abbreviations country_converter does not know
    ("DRC", "COD"), ("UAE", "ARE"), ("KSA", "SAU"), ("Holland", "NLD"),
    # codes: ISO2 in any case, 'NA' is Namibia
    ("NA", "NAM"), ("na", "NAM"), ("gb", "GBR"), ("GBR", "GBR"), ("076", "BRA"), ("643", "RUS"),
])
def test_names_and_codes_in_any_common_form_match(text, iso3):
    assert to_iso3(text) == iso3


def test_an_unknown_name_gets_a_suggestion_not_a_guess():
    result = match_country("Phillipines")
    assert result.iso3 is None
    assert result.suggestion == "Philippines"


def test_matching_many_names_matches_each_distinct_name_once():
    matches = match_names(["Türkiye", "Phillipines", "Türkiye", "Viet Nam"])
    assert list(matches) == ["Türkiye", "Phillipines", "Viet Nam"]
    assert matches["Türkiye"].iso3 == "TUR" and matches["Türkiye"].name
    assert matches["Phillipines"].iso3 is None
    assert matches["Phillipines"].suggestion == "Philippines"


def test_a_flood_of_unknown_names_stops_getting_suggestions():
    names = [f"Nowhere {i}" for i in range(MAX_SUGGESTIONS + 5)]
    matches = match_names(names)
    assert all(m.iso3 is None for m in matches.values())
    assert matches[names[-1]].suggestion is None


def test_nonsense_is_not_matched():
    assert to_iso3("Atlantis Republic") is None
    assert to_iso3("") is None


@pytest.mark.parametrize("iso_a3, iso_n3, name, iso3", [
    ("-99", "-99", "Norway", "NOR"),
    ("-99", "-99", "France", "FRA"),
    ("-99", "-99", "Kosovo", "XKX"),
    ("-99", "-99", "N. Cyprus", "CYP"),
    ("-99", "-99", "Somaliland", "SOM"),
    (None, "578", "Norway", "NOR"),
    ("EGY", "818", "Egypt", "EGY"),
])
def test_natural_earth_minus_99_codes_are_repaired(iso_a3, iso_n3, name, iso3):
    assert natural_earth_iso3(iso_a3, iso_n3, name) == iso3


def test_there_are_193_un_member_states():
    members = un_members()
    assert len(members) == 193
    assert {"TUR", "EGY", "UGA", "IND", "PHL", "TUV", "SSD"} <= set(members)
    assert "XKX" not in members and "TWN" not in members
