"""Locating cities offline: GeoNames names and variants, and suggestions when nothing matches."""
import pytest

from geo.travels.gazetteer import name_key, resolve_city


@pytest.mark.parametrize("city, iso3, found", [
    ("Tashkent", "UZB", "Tashkent"),
    ("Ulaanbaatar", "MNG", "Ulan Bator"),  # an alternate name
    ("Naypyidaw", "MMR", "Nay Pyi Taw"),
    ("Teheran", "IRN", "Tehran"),
    ("Tunxi (Huangshan)", "CHN", "Huangshan"),  # the part in brackets
    ("Oyo (or Brazzaville)", "COG", "Oyo"),  # the Congo's Oyo, not Nigeria's
    ("Entebbe (Kampala area)", "UGA", "Entebbe"),
    ("ADDIS ABABA", "ETH", "Addis Ababa"),
    ("Ташкент", "UZB", "Tashkent"),  # as Russian reports write it
])
def test_a_city_is_found_in_its_country(city, iso3, found):
    result = resolve_city(city, iso3)
    assert result.place is not None and result.place.name == found
    assert result.place.iso3 == iso3


def test_of_several_towns_with_one_name_the_most_populous_wins():
    assert resolve_city("Huangshan", "CHN").place.population > 400_000


def test_a_misspelt_city_is_not_guessed_but_suggested():
    result = resolve_city("Kampla", "UGA")
    assert result.place is None
    assert result.suggestions[0] == "Kampala"


def test_a_city_is_only_looked_for_in_its_own_country():
    assert resolve_city("Tehran", "EGY").place is None


def test_an_unknown_country_gives_nothing_rather_than_a_guess():
    result = resolve_city("Bishkek", "XXX")
    assert result.place is None and result.suggestions == ()


def test_names_compare_without_accents_case_or_punctuation():
    assert name_key("  Nay-Pyi-Taw ") == name_key("nay pyi taw")
    assert name_key("Ürümqi") == "urumqi"
