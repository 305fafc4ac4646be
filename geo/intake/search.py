"""Finding a country by whatever a reader types: a name in any common form, a code, a prefix.

The uploads' matcher (geo.intake.countries) knows aliases, official names, codes and accents, so
"Turkey", "Türkiye", "TUR", "Russian Federation", "Ivory Coast" and "Allemagne" all find their country. It is
reached through match_iso3() alone, so a better matcher can replace it in one place. Names on the
map that start with or contain what was typed follow, then near spellings.
"""
from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz, process

from geo.intake.countries import match_country, to_iso3

FUZZY_CUTOFF = 75


def match_iso3(text: str) -> str | None:
    """The ISO3 code the uploads' matcher reads in TEXT, or None: a sure match (which knows names
    in other languages too: 'Allemagne', 'Египет'), else country_converter's own reading."""
    match = match_country(text, suggest_unknown=False)
    return match.iso3 if match.sure else to_iso3(text)


def fold(text: str) -> str:
    """Lower case without accents: 'Côte d'Ivoire' -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _name_score(query: str, name: str) -> int:
    if name == query:
        return 90
    if name.startswith(query):
        return 80
    if any(word.startswith(query) for word in name.replace("-", " ").split()):
        return 70
    return 60 if query in name else 0


def find_countries(query: str, names: dict[str, str | list[str]], limit: int = 8) -> list[str]:
    """ISO3 codes of the countries QUERY may mean, best first; NAMES maps each code to its names."""
    folded = fold(query)
    if not folded:
        return []
    candidates = {iso3: [fold(n) for n in ([v] if isinstance(v, str) else v)] for iso3, v in names.items()}
    scores: dict[str, float] = {}
    matched = match_iso3(query)
    if matched in candidates:
        scores[matched] = 100
    for iso3, folded_names in candidates.items():
        score = max(_name_score(folded, n) for n in folded_names)
        if score:
            scores[iso3] = max(scores.get(iso3, 0), score)
    if len(scores) < limit and len(folded) >= 3:  # a misspelling: the nearest names, ranked
        choices = {(iso3, n): n for iso3, folded_names in candidates.items() for n in folded_names}
        for _name, score, (iso3, _) in process.extract(folded, choices, scorer=fuzz.WRatio,
                                                        score_cutoff=FUZZY_CUTOFF, limit=limit * 2):
            scores.setdefault(iso3, score / 2)
    order = sorted(scores, key=lambda iso3: (-scores[iso3], candidates[iso3][0]))
    return order[:limit]
