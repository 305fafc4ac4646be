"""Country names and codes, as people and files write them."""
import pytest

from geo.intake.countries import (MAX_SUGGESTIONS, match_country, match_names, natural_earth_iso3, to_iso3,
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


@pytest.mark.parametrize("text, iso3, how", [
    ("Brazil", "BRA", "exact"), ("Republic of Korea", "KOR", "exact"), ("Turkiye", "TUR", "exact"),
    ("TÜRKIYE", "TUR", "exact"), ("Côte d\u2019Ivoire", "CIV", "exact"), ("Guinea", "GIN", "exact"),
    ("TUR", "TUR", "code"), ("tr", "TUR", "code"), ("792", "TUR", "code"), ("NA", "NAM", "code"),
    ("Turkey", "TUR", "alias"), ("Korea, Rep.", "KOR", "alias"), ("Congo (Brazzaville)", "COG", "alias"),
    ("Ivory Coast", "CIV", "alias"), ("UAE", "ARE", "alias"), ("DRC", "COD", "alias"),
    ("Brazill", "BRA", "fuzzy"), ("Nigerr", "NER", "fuzzy"), ("Indiaa", "IND", "fuzzy"),
    ("Irann", "IRN", "fuzzy"), ("Korea", "KOR", "ambiguous"), ("Congo", "COG", "ambiguous"),
])
def test_each_match_says_how_it_was_made(text, iso3, how):
    match = match_country(text)
    assert (match.iso3, match.how) == (iso3, how)
    assert match.sure == (how in ("exact", "code", "alias"))


@pytest.mark.parametrize("text, alternatives", [("Korea", {"KOR", "PRK"}), ("Congo", {"COG", "COD"})])
def test_an_ambiguous_name_lists_every_country_it_could_mean(text, alternatives):
    match = match_country(text)
    assert set(match.alternatives) == alternatives and match.alternatives[0] == match.iso3


def test_a_name_naming_two_countries_is_ambiguous_without_a_guess():
    match = match_country("Brazil and Argentina")
    assert match.how == "ambiguous" and match.iso3 is None
    assert set(match.alternatives) == {"BRA", "ARG"}


def test_unknown_names_are_none_with_a_suggestion():
    match = match_country("Phillipines")
    assert (match.how, match.iso3, match.suggestion) == ("none", None, "Philippines")


def test_every_common_form_of_the_issue_list_is_matched_surely():
    """The names people write for countries (test above) are all matched without a question."""
    for text in ["Türkiye", "Côte d'Ivoire", "Korea, Rep.", "Congo (Brazzaville)", "Russian Federation",
                 "Viet Nam", "Czechia", "eSwatini", "Micronesia (Fed. States of)", "Congo, Dem. Rep.",
                 "Korea, Dem. People's Rep.", "Iran, Islamic Rep.", "Lao PDR", "Gambia, The", "UK",
                 "Burma", "United States of America", "Holy See", "DRC", "Holland", "Kosovo"]:
        assert match_country(text).sure, text


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u2061", "\u2062", "\u2063",
             "\u2064", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_an_invisible_character_inside_a_name_is_named_and_the_plain_name_offered(ch):
    from geo.intake.countries import show_hidden
    name = f"Fr{ch}ance"
    match = match_country(name)
    assert match.iso3 is None, "refused: the record must read as it is stored"
    assert f"[U+{ord(ch):04X}]" in match.hidden and f"[U+{ord(ch):04X}]" in show_hidden(name)
    assert match.suggestion == "France"


def test_a_cyrillic_or_greek_look_alike_says_which_letter_it_is():
    cyrillic = match_country("Fr\u0430nce")  # Cyrillic a
    assert cyrillic.iso3 is None and cyrillic.suggestion == "France"
    assert "'\u0430' (3rd) is Cyrillic" in cyrillic.hidden
    greek = match_country("T\u03bfgo")  # Greek omicron
    assert greek.suggestion == "Togo" and "is Greek" in greek.hidden
    assert match_country("Russia").hidden == "" and match_country("Россия").hidden == "", \
        "a name wholly in one script is not a look-alike"


def test_invisible_characters_at_the_ends_are_stripped_and_only_there():
    from geo.intake.countries import strip_hidden
    assert strip_hidden("\u200bFrance\ufeff ") == "France"
    assert strip_hidden(" FRA\u200b") == "FRA"
    assert strip_hidden("Fr\u200bance") == "Fr\u200bance"


def _names_and_near_misses() -> list[str]:
    """Every name and code country_converter holds, in other cases, cut and padded, and unknowns."""
    from geo.intake.countries import _converter
    data = _converter().data
    names = {v for column in data.columns for v in data[column] if isinstance(v, str)}
    names |= {"UK", "U.K.", "U.S.", "USA", "gb", "D.R.C.", "P.N.G.", "R.O.K", "UAE", "Brazill",
              "Nowhere 7", "Atlantis", "HAITI", "haïti", "İTALY", "straße", "Korea", "Congo"}
    return sorted(names | {variant for n in names for variant in
                           (n.upper(), n.lower(), n[1:], n[:-1], f"x {n} y", f"{n}!")})


def test_the_quick_pattern_check_answers_as_country_converters_every_pattern_would():
    from geo.intake.countries import _any_country_regex, _may_name_a_country
    union = _any_country_regex()
    differ = [t for t in _names_and_near_misses() if _may_name_a_country(t) != bool(union.search(t))]
    assert not differ


def test_the_pattern_check_over_many_names_at_once_answers_as_each_alone():
    """The batch looks letter pairs up across all names joined: nothing may leak between two
    neighbours ('u' then 's' is not 'us'), and a name beyond ASCII or with a newline is asked alone."""
    from geo.intake.countries import _any_country_regex, _may_name_countries
    union = _any_country_regex()
    texts = _names_and_near_misses() + ["u", "s", "p.r.", "k", "a\nus", "herzegovin", "Nowhere 12"]
    assert _may_name_countries(texts) == [bool(union.search(t)) for t in texts]
    assert _may_name_countries(["u", "s"]) == [False, False]
    assert _may_name_countries([]) == []


def test_a_country_named_in_another_language_is_matched_exactly():
    for name, iso3 in [("Égypte", "EGY"), ("Egypte", "EGY"), ("Deutschland", "DEU"), ("Allemagne", "DEU"),
                       ("Египет", "EGY"), ("مصر", "EGY"), ("埃及", "EGY"), ("भारत", "IND"), ("Indien", "IND"),
                       ("Turquie", "TUR"), ("Türkei", "TUR"), ("Estados Unidos", "USA"), ("Ouganda", "UGA"),
                       ("Guinea Ecuatorial", "GNQ"), ("República Popular China", "CHN")]:
        match = match_country(name)
        assert (match.iso3, match.how) == (iso3, "exact"), name


def test_a_name_two_countries_share_in_some_language_is_not_taken_for_either():
    for name, codes in [("Corée", ("KOR", "PRK")), ("Конго", ("COD", "COG"))]:  # French, Russian
        match = match_country(name)
        assert (match.iso3, match.how, match.alternatives) == (None, "ambiguous", codes)
        assert match.suggestion is None, "not 'Did you mean Singapore?'"
    assert match_country("Guinea").iso3 == "GIN", "an English name keeps its English meaning"


def test_a_name_like_no_country_is_offered_no_far_fetched_country():
    from geo.intake.countries import match_country
    assert match_country("Place 0").suggestion is None  # not 'Nation of Brunei, Abode of Peace'
    assert match_country("Nowhere 7").suggestion is None
    assert match_country("Zimbabwae").suggestion == "Zimbabwe"
    assert match_country("Kyrgistan").suggestion == "Kyrgyzstan"


def test_suggestions_made_together_are_those_made_one_by_one():
    from rapidfuzz import fuzz, process

    from geo.intake.countries import SUGGESTION_CUTOFF, _clean, _names, suggest_many
    texts = ["Frnace", "Untied States", "Nowhere 7", "Korea Rep", "zzzz", "Germany x", "Côte Divoire"]
    one_by_one = {t: process.extractOne(_clean(t), list(_names()), scorer=fuzz.WRatio,
                                        score_cutoff=SUGGESTION_CUTOFF) for t in texts}
    assert suggest_many(texts) == {t: best[0] if best else None for t, best in one_by_one.items()}
