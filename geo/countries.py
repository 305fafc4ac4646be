"""Turning whatever people call a country into its ISO3 code.

country_converter does the matching (it knows English variants, official names, ISO2, ISO3 and
numeric codes, and Kosovo's XKX); rapidfuzz proposes a near name when nothing matches.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import country_converter as coco
from rapidfuzz import process, fuzz

_NOT_FOUND = "\x00not-found"

# Natural Earth writes ISO_A3 = -99 where ISO has no code or where the admin-0 unit differs
# from the ISO entity (France, Norway); these are the codes the rest of the world uses for them.
_NATURAL_EARTH_FIXES = {
    "France": "FRA",
    "Norway": "NOR",
    "Kosovo": "XKX",
    "N. Cyprus": "CYP",
    "Northern Cyprus": "CYP",
    "Somaliland": "SOM",
}


# Abbreviations and old names in common use that country_converter does not know.
_ALIASES = {
    "drc": "COD", "dr congo": "COD", "uae": "ARE", "ksa": "SAU", "prc": "CHN", "rok": "KOR",
    "holland": "NLD", "the gambia": "GMB",
}

# country_converter cuts names at these words ("France excl. overseas"); leave those to it.
_EXCLUDING = re.compile(r"excl|without|w/o", re.IGNORECASE)

# Above this many distinct unknown names the file is not a list of countries; the rest get no
# suggestion so that a wrong column cannot keep the server busy.
MAX_SUGGESTIONS = 2_000


@dataclass(frozen=True)
class Match:
    """The outcome of matching one name: a code, or a suggestion for the person to check."""

    text: str
    iso3: str | None
    name: str | None
    suggestion: str | None = None


@lru_cache(maxsize=1)
def _converter() -> coco.CountryConverter:
    # country_converter logs a warning for every miss; misses are reported to the user instead.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every short and official name country_converter knows, mapped to its ISO3 code."""
    data = _converter().data
    names: dict[str, str] = {}
    for column in ("name_short", "name_official"):
        for name, iso3 in zip(data[column], data["ISO3"]):
            if isinstance(name, str) and isinstance(iso3, str):
                names.setdefault(name, iso3)
    return names


@lru_cache(maxsize=1)
def _any_country_regex() -> re.Pattern | None:
    """All of country_converter's name patterns in one: a name none of them finds is unknown.

    country_converter tries its ~250 patterns one by one in Python; for a file full of unknown
    names (a wrong column) this single search in C rejects each name at once.
    """
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in _converter().regexes), re.IGNORECASE)
    except (re.error, AttributeError):
        return None


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


@lru_cache(maxsize=20_000)
def to_iso3(text: str) -> str | None:
    """ISO3 code for a country name or ISO2/ISO3/numeric code, or None when unsure."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    alias = _ALIASES.get(cleaned.casefold().replace(".", "").strip())
    if alias:
        return alias
    prefilter = _any_country_regex()
    if (prefilter is not None and len(cleaned) > 3 and not _EXCLUDING.search(cleaned)
            and not prefilter.search(cleaned)):
        return None
    if cleaned.isdigit():  # ISO numeric: '004' and '4' are both Afghanistan
        result = _converter().convert(str(int(cleaned)), src="ISOnumeric", to="ISO3",
                                      not_found=_NOT_FOUND)
    else:
        result = _converter().convert(cleaned, to="ISO3", not_found=_NOT_FOUND)
    if isinstance(result, list):  # ambiguous: several countries matched the text
        return None
    return None if result == _NOT_FOUND else result


@lru_cache(maxsize=1_000)
def country_name(iso3: str) -> str | None:
    """The short English name of an ISO3 code."""
    result = _converter().convert(iso3, src="ISO3", to="name_short", not_found=_NOT_FOUND)
    return None if result == _NOT_FOUND or isinstance(result, list) else result


@lru_cache(maxsize=20_000)
def suggest(text: str) -> str | None:
    """The closest known country name, for a message like 'did you mean ...?'."""
    best = process.extractOne(_clean(text), list(_names()), scorer=fuzz.WRatio, score_cutoff=60)
    return best[0] if best else None


def match_country(text: str) -> Match:
    """Match one name or code; when it fails, say what the person probably meant."""
    iso3 = to_iso3(text)
    if iso3:
        return Match(text, iso3, country_name(iso3))
    return Match(text, None, None, suggest(text))


def match_names(names: Iterable[str]) -> dict[str, Match]:
    """Match each distinct name once: a file of 100,000 rows names a few hundred countries."""
    matches: dict[str, Match] = {}
    unknown = 0
    for name in dict.fromkeys(names):
        iso3 = to_iso3(name)
        if iso3:
            matches[name] = Match(name, iso3, country_name(iso3))
        else:
            unknown += 1
            matches[name] = Match(name, None, None,
                                  suggest(name) if unknown <= MAX_SUGGESTIONS else None)
    return matches


def natural_earth_iso3(iso_a3: str | None, iso_n3: str | None, name: str) -> str | None:
    """ISO3 for a Natural Earth / world-atlas feature, repairing the -99 codes.

    Natural Earth leaves ISO_A3 (and ISO_N3) as -99 for Norway, France, Kosovo, N. Cyprus and
    Somaliland; world-atlas, built from it, leaves their ids empty. The numeric code is trusted
    first, then the alpha code, then the name.
    """
    for code in (iso_n3, iso_a3):
        if code and str(code).strip() not in ("-99", "", "nan", "None"):
            iso3 = to_iso3(str(code).strip())
            if iso3:
                return iso3
    if name in _NATURAL_EARTH_FIXES:
        return _NATURAL_EARTH_FIXES[name]
    return to_iso3(name)


@lru_cache(maxsize=1)
def un_members() -> dict[str, str]:
    """The 193 UN member states, ISO3 -> short name (from country_converter's UNmember column)."""
    data = _converter().data
    members = data[data["UNmember"].notna()]
    return dict(zip(members["ISO3"], members["name_short"]))
