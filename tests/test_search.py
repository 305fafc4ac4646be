"""Finding a country by the name a reader types, matched as uploads are."""
import pytest

from geo.intake.io import load_world
from geo.intake.search import find_countries, fold

WORLD = load_world()
NAMES = {iso3: [name] for iso3, name in zip(WORLD["iso3"], WORLD["name"]) if iso3}
NAMES["TUR"] = ["Turkey", *NAMES["TUR"]]  # the record's name first, as the atlas shows it


@pytest.mark.parametrize("typed, iso3", [
    ("Turkey", "TUR"), ("Turkiye", "TUR"), ("Türkiye", "TUR"), ("TUR", "TUR"),
    ("Russian Federation", "RUS"), ("Ivory Coast", "CIV"), ("cote d'ivoire", "CIV"),
    ("Ugan", "UGA"), ("ugan", "UGA"), ("UAE", "ARE"), ("Korea, Rep.", "KOR"), ("Britain", "GBR"),
    ("Czech", "CZE"), ("Burma", "MMR"), ("Swaziland", "SWZ"), ("Phillipines", "PHL"),
    ("Allemagne", "DEU"), ("Египет", "EGY"), ("Ouganda", "UGA"), ("भारत", "IND"),
])
def test_any_common_name_finds_its_country_first(typed, iso3):
    assert find_countries(typed, NAMES)[0] == iso3


def test_a_name_shared_by_two_countries_offers_both():
    found = find_countries("Congo", NAMES)
    assert {"COG", "COD"} <= set(found[:3])


def test_nothing_typed_finds_nothing_and_nonsense_finds_nothing():
    assert find_countries("", NAMES) == []
    assert find_countries("   ", NAMES) == []
    assert find_countries("qqqzzz", NAMES) == []


def test_accents_and_case_do_not_matter():
    assert fold("Côte d'Ivoire") == "cote d'ivoire"
    assert fold("SÃO TOMÉ") == fold("Sao Tome") == "sao tome"
