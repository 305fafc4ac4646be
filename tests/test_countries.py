"""Country names and codes, as people and files write them."""
import pytest

from geo.countries import match_country, natural_earth_iso3, to_iso3, un_members


@pytest.mark.parametrize("text, iso3", [
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Côte d'Ivoire", "CIV"), ("Ivory Coast", "CIV"),
    ("Korea, Rep.", "KOR"), ("Congo (Brazzaville)", "COG"), ("Russian Federation", "RUS"),
    ("Viet Nam", "VNM"), ("Czechia", "CZE"), ("eSwatini", "SWZ"),
    ("Micronesia (Fed. States of)", "FSM"), ("TUR", "TUR"), ("TR", "TUR"), ("792", "TUR"),
    ("4", "AFG"), ("004", "AFG"), ("  Egypt ", "EGY"), ("Kosovo", "XKX"),
])
def test_names_and_codes_in_any_common_form_match(text, iso3):
    assert to_iso3(text) == iso3


def test_an_unknown_name_gets_a_suggestion_not_a_guess():
    result = match_country("Phillipines")
    assert result.iso3 is None
    assert result.suggestion == "Philippines"


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
