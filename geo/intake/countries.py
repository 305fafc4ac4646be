"""Turning whatever people call a country into its ISO3 code, and saying how sure that is.

country_converter does the matching (it knows English variants, official names, ISO2, ISO3 and
numeric codes, and Kosovo's XKX); rapidfuzz proposes a near name when nothing matches.
match_country() also says how each match was made, so that a guess is never taken silently:
an exact name, a code or a known alias (one of country_converter's patterns matching whole words)
is sure; a pattern found inside a longer word ('Brazill') is a fuzzy guess, and a name that is
part of several countries' names ('Korea', 'Congo') is ambiguous, with the alternatives.

What cannot be seen is said: a name holding an invisible character (a zero-width space pasted
from a web page) or a Cyrillic or Greek letter drawn like a Latin one ('Frаnce' with a Cyrillic
'а') matches nothing, and its Match says which character it is and proposes the plain name.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import country_converter as coco
import numpy as np
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
    "owid_kos": "XKX",  # Our World in Data's code for Kosovo
}

# country_converter cuts names at these words ("France excl. overseas"); leave those to it.
_EXCLUDING = re.compile(r"excl|without|w/o", re.IGNORECASE)

# Above this many distinct unknown names the file is not a list of countries; the rest get no
# suggestion so that a wrong column cannot keep the server busy.
MAX_SUGGESTIONS = 2_000


# Characters that take no room on screen: the soft hyphen, zero-width spaces, joiners and marks,
# direction embeddings, overrides and isolates (which also reorder what follows), the word joiner
# and invisible operators, and the byte-order mark inside a cell.
HIDDEN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_EDGES = re.compile(f"^(?:\\s|{HIDDEN.pattern})+|(?:\\s|{HIDDEN.pattern})+$")

# Cyrillic and Greek letters drawn like Latin ones (after Unicode's confusables list), to offer
# the name a person meant to type.
_LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "ӏ": "l", "ү": "y", "һ": "h", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J",
    "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Һ": "H",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


# Regions and groups that tables of country figures list beside the countries: the World Bank's
# aggregates (its API's region "Aggregates", by code and name), Our World in Data's regions and
# income groups (codes OWID_*), the UN's continents. A row naming one is told it is a group, not
# offered the nearest country ('Sub-Saharan Africa' is not 'South Africa').
GROUP_CODES = frozenset("""AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB
    IDX INX LAC LCN LDC LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC
    TLA TMN TSA TSS UMC WLD""".split())
GROUP_NAMES = frozenset(name.lower() for name in (
    "Africa Eastern and Southern", "Africa Western and Central", "Arab World",
    "Caribbean small states", "Central Europe and the Baltics", "Early-demographic dividend",
    "East Asia & Pacific", "East Asia & Pacific (excluding high income)",
    "East Asia & Pacific (IDA & IBRD countries)", "Euro area", "Europe & Central Asia",
    "Europe & Central Asia (excluding high income)", "Europe & Central Asia (IDA & IBRD countries)",
    "European Union", "Fragile and conflict affected situations",
    "Heavily indebted poor countries (HIPC)", "High income", "IBRD only", "IDA & IBRD total",
    "IDA blend", "IDA only", "IDA total", "Late-demographic dividend", "Latin America & Caribbean",
    "Latin America & Caribbean (excluding high income)",
    "Latin America & the Caribbean (IDA & IBRD countries)",
    "Least developed countries: UN classification", "Low & middle income", "Low income",
    "Lower middle income", "Middle East & North Africa",
    "Middle East & North Africa (excluding high income)",
    "Middle East & North Africa (IDA & IBRD countries)", "Middle income", "North America",
    "Not classified", "OECD members", "Other small states", "Pacific island small states",
    "Post-demographic dividend", "Pre-demographic dividend", "Small states", "South Asia",
    "South Asia (IDA & IBRD)", "Sub-Saharan Africa", "Sub-Saharan Africa (excluding high income)",
    "Sub-Saharan Africa (IDA & IBRD countries)", "Upper middle income", "World",
    "Africa", "Asia", "Europe", "Oceania", "South America", "Americas", "Latin America and the Caribbean",
    "European Union (27)", "High-income countries", "Low-income countries",
    "Lower-middle-income countries", "Upper-middle-income countries"))


def is_group(name: str = "", code: str = "") -> bool:
    """Whether a name or code is a region or group of countries rather than a country."""
    code = code.strip().upper()
    if code in GROUP_CODES or (code.startswith("OWID_") and code != "OWID_KOS"):  # OWID's Kosovo
        return True
    key = " ".join(name.lower().split())  # asked of every distinct name: no regex
    return key in GROUP_NAMES or key.replace(" and ", " & ") in GROUP_NAMES


def show_hidden(text: object) -> str:
    """Text with each invisible character written as its code: 'Fr[U+200B]ance'. Used wherever
    text from a file is quoted, so a message never hides the very thing to fix."""
    text = str(text)
    if text.isascii():  # every hidden character is beyond ASCII; most text is not
        return text
    return HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def strip_hidden(text: str) -> str:
    """A cell without the spaces and invisible characters copy-paste leaves at its ends."""
    if text.isascii():  # re's \s is str.isspace(), and every hidden character is beyond ASCII
        return text.strip()
    return _EDGES.sub("", text)


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def hidden_in(text: str) -> str:
    """What a reader cannot see in text, in words ('' when nothing): its invisible characters,
    and, in a Latin name, the letters that are Cyrillic or Greek."""
    said = []
    invisible = list(dict.fromkeys(HIDDEN.findall(text)))
    if invisible:
        codes = " and ".join(f"[U+{ord(ch):04X}] ({unicodedata.name(ch, 'format character').lower()})"
                             for ch in invisible[:3])
        said.append(f"it holds the invisible character{'s' if len(invisible) > 1 else ''} {codes}")
    letters = [(i, ch) for i, ch in enumerate(text, 1) if ch.isalpha()]
    if any(_script(ch) == "LATIN" for _, ch in letters):
        foreign = [(i, ch, _script(ch).title()) for i, ch in letters if _script(ch) in ("CYRILLIC", "GREEK")]
        for script in dict.fromkeys(s for _, _, s in foreign):
            which = [f"'{ch}' ({_ordinal(i)})" for i, ch, s in foreign if s == script][:3]
            said.append(f"its letter{'s' if len(which) > 1 else ''} {' and '.join(which)} "
                        f"{'are' if len(which) > 1 else 'is'} {script}, not Latin")
    return "; ".join(said)


def plain_letters(text: str) -> str:
    """Text as it looks: invisible characters dropped, Cyrillic and Greek look-alikes made Latin."""
    dropped = HIDDEN.sub("", text)
    if not any(_script(ch) == "LATIN" for ch in dropped if ch.isalpha()):
        return dropped  # a name wholly in Cyrillic or Greek is not a look-alike
    return dropped.translate(_LOOK_ALIKES)


MatchHow = Literal["exact", "code", "alias", "fuzzy", "ambiguous", "none"]
SURE: frozenset[str] = frozenset({"exact", "code", "alias"})


@dataclass(frozen=True)
class Match:
    """The outcome of matching one name or code.

    how: 'exact' (a country's short or official name, in any case and with or without accents,
    in English or in one of NAME_LANGUAGES: 'Allemagne', 'Deutschland', 'Египет'),
    'code' (ISO3, ISO2 or ISO numeric), 'alias' (another name country_converter knows, matched
    as whole words: 'Korea, Rep.', 'Ivory Coast', 'UAE'), 'fuzzy' (a known name found inside other
    letters: 'Brazill'), 'ambiguous' (the name of no country but part of several: 'Korea'), or
    'none'. For fuzzy and ambiguous, iso3 is the best guess, to be confirmed by a person;
    alternatives lists every country an ambiguous name could mean (ISO3, the guess first).
    """

    text: str
    iso3: str | None
    name: str | None
    how: MatchHow = "none"
    alternatives: tuple[str, ...] = ()
    suggestion: str | None = None  # for 'none': the nearest known name, to propose
    hidden: str = ""  # for 'none': what cannot be seen in text, in words (geo.intake.countries.hidden_in)

    @property
    def sure(self) -> bool:
        """Whether the match may be used without asking the person."""
        return self.how in SURE


@lru_cache(maxsize=1)
def _converter() -> coco.CountryConverter:
    # country_converter logs a warning for every miss; misses are reported to the user instead.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def _column_to_iso3(*columns: str) -> dict[str, str]:
    """The values of country_converter's columns (first column first) -> their ISO3 code."""
    data = _converter().data
    found: dict[str, str] = {}
    for column in columns:
        for value, iso3 in zip(data[column], data["ISO3"]):
            if isinstance(value, str) and isinstance(iso3, str):
                found.setdefault(value, iso3)
    return found


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every short and official name country_converter knows, mapped to its ISO3 code."""
    return _column_to_iso3("name_short", "name_official")


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


def _alternatives(pattern: str) -> list[str]:
    """A regex's top-level alternatives, as regexes found where it is found (by re.search):
    'a|b(c|d)' -> 'a', 'b(c|d)'."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":  # a class, to its closing bracket ('|' and ')' in it are members)
            i += 2 if pattern[i + 1:i + 2] == "^" else 1
            i += 1 if pattern[i:i + 1] == "]" else 0  # a first ']' is a member too
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    # Found somewhere with a leading '.*' iff found somewhere without it (and quicker); '(a|b)'
    # alone is found where 'a' or 'b' is: split it too, so that each part is indexed alone.
    parts = [part[2:] if part.startswith(".*") else part for part in parts]
    return [alternative for part in parts for alternative in
            (_alternatives(part[1:-1]) if _one_group(part) else [part])]


def _one_group(pattern: str) -> bool:
    """Whether pattern is one plain group around all of it: '(a|b)', not '(a)|(b)' or '(?!a)b'."""
    if not (pattern.startswith("(") and pattern.endswith(")")) or pattern.startswith("(?"):
        return False
    return len(_alternatives(pattern[1:-1])) > 1 and _closing(pattern) == len(pattern) - 1


def _closing(pattern: str) -> int:
    """The position of the parenthesis closing the one that opens pattern."""
    depth, i = 0, 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 1
        elif pattern[i] == "(":
            depth += 1
        elif pattern[i] == ")":
            depth -= 1
            if not depth:
                return i
        i += 1
    return -1


def _required_runs(items) -> frozenset[str] | None:
    """Lower-case ASCII letter runs (two letters or more) of which any match of a parsed regex
    holds one, or None when it need not hold any ('^u\\.?s\\.?$'). Conservative: what it cannot
    read, and a letter beyond ASCII (case folding there is re's own), break a run."""
    from re import _constants as sre  # the parser's opcodes, stable since Python 3.11

    runs, options, run = [], [], ""

    def walk(sequence) -> None:
        nonlocal run
        for op, av in sequence:
            if op is sre.LITERAL and av < 128:
                run += chr(av).lower()
                continue
            if op is sre.SUBPATTERN:  # a group matches in place: its items continue the run
                walk(av[-1])
                continue
            runs.append(run)
            run = ""
            if op is sre.BRANCH:
                found = [_required_runs(branch) for branch in av[1]]
                if all(found):
                    options.append(frozenset().union(*found))

    walk(items)
    runs.append(run)
    longest = max(runs, key=len)
    if len(longest) >= 2:
        return frozenset({longest})
    return min(options, key=len) if options else None


@lru_cache(maxsize=1)
def _pattern_index() -> tuple[dict[str, list[tuple[str, re.Pattern]]], re.Pattern | None]:
    """country_converter's patterns split into alternatives, each with a run of letters every
    match of it holds, indexed by the run's first two or three letters; the alternatives without
    one (short codes like '^u\\.?s\\.?$') in one regex. Python's re tries a union of 250
    patterns at every position of a name (about 0.1 ms each); 100,000 unknown names then took 10 s.
    An alternative is searched only in a text holding its run ('Nowhere' holds 'her', not
    'herzegovina')."""
    from re import _parser

    indexed: dict[str, list[tuple[str, re.Pattern]]] = {}
    unindexed: list[str] = []
    for country_pattern in _converter().regexes:
        for alternative in _alternatives(country_pattern.pattern):
            try:
                runs = _required_runs(_parser.parse(alternative, country_pattern.flags))
                compiled = re.compile(alternative, country_pattern.flags)
            except (re.error, AttributeError, TypeError):
                runs = None
            if runs is None:
                unindexed.append(alternative)
                continue
            for run in runs:
                indexed.setdefault(run[:3], []).append((run, compiled))
    rest = re.compile("|".join(f"(?:{p})" for p in unindexed), re.IGNORECASE) if unindexed else None
    return indexed, rest


@lru_cache(maxsize=1)
def _indexed_grams() -> frozenset[str]:
    return frozenset(_pattern_index()[0])  # a set: intersecting a dict would walk all its keys


def _search_indexed(text: str, grams: Iterable[str], rest: bool = True) -> bool:
    """Whether an alternative indexed under one of grams (found in ASCII text) is found in it,
    or (REST) one of those without a run."""
    indexed, unindexed = _pattern_index()
    lowered = text.lower()
    return (any(run in lowered and pattern.search(text) for gram in grams for run, pattern in indexed[gram])
            or bool(rest and unindexed and unindexed.search(text)))


@lru_cache(maxsize=1)
def _rest_by_line() -> re.Pattern | None:
    """The alternatives without a run, to search many texts joined by newlines in one pass: only
    when nothing in them can match a newline or look past one (letters, '^', '$', word edges
    and repeats of those), so that a match is found on a line iff it is in that line's text."""
    from re import _constants as sre, _parser
    rest = _pattern_index()[1]
    if rest is None:
        return None
    edges = {sre.AT_BEGINNING, sre.AT_END, sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY}

    def within_a_line(items) -> bool:
        for op, av in items:
            if op is sre.LITERAL and av != 10 or op is sre.AT and av in edges:
                continue
            if op is sre.SUBPATTERN:
                nested = [av[-1]]
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                nested = [av[2]]
            elif op is sre.BRANCH:
                nested = av[1]
            else:
                return False
            if not all(within_a_line(part) for part in nested):
                return False
        return True

    try:
        readable = within_a_line(_parser.parse(rest.pattern, rest.flags))
    except (re.error, TypeError, ValueError):
        readable = False
    return re.compile(rest.pattern, rest.flags | re.MULTILINE) if readable else None


def _may_name_a_country(text: str) -> bool:
    """Whether any of country_converter's patterns is found in text: the same answer as
    _any_country_regex(), found by trying only the patterns whose letters the text holds."""
    prefilter = _any_country_regex()
    if prefilter is None:
        return True
    if not text.isascii():  # case folding beyond ASCII is left to re itself
        return bool(prefilter.search(text))
    try:
        known = _indexed_grams()
    except Exception:  # noqa: BLE001 - a country_converter we cannot read: the plain search
        return bool(prefilter.search(text))
    lowered = text.lower()
    grams = {lowered[i:i + 3] for i in range(len(lowered) - 1)}  # pairs at the end, and triples
    grams.update(lowered[i:i + 2] for i in range(len(lowered) - 1))
    return _search_indexed(text, grams.intersection(known))


@lru_cache(maxsize=1)
def _gram_codes() -> dict[int, dict[int, str]]:
    """The indexed letter pairs and triples as integers (a pair 'ab' is a*256 + b), by length."""
    by_width: dict[int, dict[int, str]] = {2: {}, 3: {}}
    for gram in _pattern_index()[0]:
        by_width[len(gram)][int.from_bytes(gram.encode("ascii"), "big")] = gram
    return by_width


def _may_name_countries(texts: list[str]) -> list[bool]:
    """_may_name_a_country for many texts at once: the letter pairs and triples of all of them
    are looked up in the index by numpy rather than gathered one text at a time in Python."""
    try:
        by_width = _gram_codes() if _any_country_regex() is not None else None
    except Exception:  # noqa: BLE001 - a country_converter we cannot read: one by one
        by_width = None
    plain = [i for i, text in enumerate(texts) if text.isascii() and "\x00" not in text and "\n" not in text]
    if by_width is None or not plain:
        return [_may_name_a_country(text) for text in texts]
    answers = [False] * len(texts)
    for i in set(range(len(texts))).difference(plain):  # case folding beyond ASCII: re's own
        answers[i] = _may_name_a_country(texts[i])
    chosen = [texts[i] for i in plain]
    letters = np.frombuffer("\x00".join(chosen).lower().encode("ascii"), dtype=np.uint8).astype(np.int64)
    starts = np.cumsum([0] + [len(text) + 1 for text in chosen[:-1]])
    held: dict[int, set[str]] = {}  # text -> the indexed grams it holds (a NUL is in none)
    for width, codes in by_width.items():
        windows = sum(letters[k:len(letters) - width + 1 + k] << (8 * (width - 1 - k)) for k in range(width))
        found = np.flatnonzero(np.isin(windows, np.fromiter(codes, dtype=np.int64)))
        owners = np.searchsorted(starts, found, side="right") - 1
        for owner, code in zip(owners.tolist(), windows[found].tolist()):
            held.setdefault(owner, set()).add(codes[code])
    by_line = _rest_by_line()
    if by_line is not None:  # one search over all the texts, a line each
        at = np.fromiter((m.start() for m in by_line.finditer("\n".join(chosen))), dtype=np.int64)
        for owner in (np.searchsorted(starts, at, side="right") - 1).tolist():  # the same starts
            answers[plain[owner]] = True
    for owner, text in enumerate(chosen):
        answers[plain[owner]] = answers[plain[owner]] or _search_indexed(
            text, held.get(owner, ()), rest=by_line is None)
    return answers


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _words(text: str) -> tuple[str, ...]:
    """A name as lower-case words without accents or punctuation: 'Côte d’Ivoire' -> cote, d, ivoire."""
    folded = str(text).casefold()
    if not folded.isascii():  # ASCII has no accents to take off
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return tuple(re.findall(r"[a-z0-9]+", folded))


@lru_cache(maxsize=1)
def _names_by_words() -> dict[tuple[str, ...], str]:
    """Every short and official name, as words, -> its ISO3 code (exact matches)."""
    return {_words(name): iso3 for name, iso3 in _names().items()}


# The languages whose names of countries are matched exactly, besides English: the UN's official
# languages and those most spoken or published in, from pycountry's translations of ISO 3166.
NAME_LANGUAGES = ("ar", "zh_CN", "zh_TW", "fr", "ru", "es", "de", "pt", "pt_BR", "it", "nl", "pl",
                  "tr", "uk", "ja", "ko", "hi", "id", "fa", "sv", "el", "he", "vi", "ms", "sw")
_ACCENTS = re.compile("[\u0300-\u036f]")  # what Latin, Greek and Cyrillic letters decompose into


def _any_script_words(text: str) -> tuple[str, ...]:
    """_words for a name in any script: letters, marks and digits of every script are kept
    (Devanagari's vowel signs are marks), and only Latin, Greek and Cyrillic accents are taken off."""
    if text.isascii():
        return _words(text)
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", str(text).casefold()))
    return tuple("".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in folded).split())


@lru_cache(maxsize=1)
def _translated_names() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Names of countries in NAME_LANGUAGES, as words, -> the ISO3 codes of the countries so named
    (one, or several for a name shared in some language: 'Corée', 'Конго'): 'Allemagne',
    'Deutschland', 'Египет', 'مصر', and the part before a comma ('Russie' of 'Russie, Fédération
    de'). Left out: a name that is, or is part of, an English name, which the English names
    and patterns already read ('Congo', 'Korea': ambiguous, with a guess)."""
    import gettext

    import pycountry
    owners: dict[tuple[str, ...], set[str]] = {}
    for language in NAME_LANGUAGES:
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:  # a pycountry without this language
            continue
        for country in pycountry.countries:
            for english in {getattr(country, a, None) for a in ("name", "official_name", "common_name")}:
                if english:
                    name = catalogue.gettext(english)
                    for form in {name, name.split(",")[0]}:
                        owners.setdefault(_any_script_words(form), set()).add(country.alpha_3)
    in_english: dict[tuple[str, ...], set[str]] = {}  # every run of words of an English name
    for words, iso3 in _names_by_words().items():
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                in_english.setdefault(words[start:end], set()).add(iso3)
    return {words: tuple(sorted(codes)) for words, codes in owners.items() if words and words not in in_english}


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """ISO3 and ISO2 codes (upper case) -> ISO3."""
    return {code.upper(): iso3 for code, iso3 in _column_to_iso3("ISO3", "ISO2").items()}


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


@lru_cache(maxsize=20_000)
def _sharing_countries(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """Every country whose short or official name holds these words in this order."""
    found = dict.fromkeys(iso3 for words, iso3 in _names_by_words().items() if _contains(words, phrase))
    return tuple(found)


def _pattern_matches(text: str) -> list[tuple[str, bool]]:
    """(ISO3, whole words?) for each of country_converter's patterns found in text. A match is
    'whole words' when it neither starts nor ends inside a word ('Brazill' holds 'Brazil' + 'l')."""
    found: dict[str, bool] = {}
    data_iso3 = _converter().data["ISO3"].tolist()
    for iso3, pattern in zip(data_iso3, _converter().regexes):
        match = pattern.search(text)
        if not match:
            continue
        start, end = match.span()
        inside = ((start > 0 and text[start - 1].isalnum() and text[start].isalnum())
                  or (end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum()))
        found[iso3] = found.get(iso3, False) or not inside
    return list(found.items())


@lru_cache(maxsize=20_000)
def to_iso3(text: str) -> str | None:
    """ISO3 code for a country name or ISO2/ISO3/numeric code, or None when unsure."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    alias = _ALIASES.get(cleaned.casefold().replace(".", "").strip())
    if alias:
        return alias
    if len(cleaned) > 3 and not _EXCLUDING.search(cleaned) and not _may_name_a_country(cleaned):
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


SUGGESTION_CUTOFF = 65  # rapidfuzz's WRatio, 0-100: below it, no suggestion (at 60, "Place 0" was
# offered "Nation of Brunei, Abode of Peace" and "Nowhere 7" the Northern Mariana Islands)


@lru_cache(maxsize=20_000)
def suggest(text: str) -> str | None:
    """The closest known country name, for a message like 'did you mean ...?'."""
    return suggest_many([text])[text]


def suggest_many(texts: Iterable[str]) -> dict[str, str | None]:
    """suggest() for many names at once: one rapidfuzz cdist over every known name, on every core,
    rather than one extractOne per name. The first best-scoring name wins, as in extractOne."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    choices = list(_names())
    scores = process.cdist([_clean(t) for t in texts], choices, scorer=fuzz.WRatio,
                           score_cutoff=SUGGESTION_CUTOFF, dtype=np.float64, workers=-1)
    best = scores.argmax(axis=1)
    found = scores[np.arange(len(texts)), best] >= SUGGESTION_CUTOFF
    return {t: choices[b] if ok else None for t, b, ok in zip(texts, best, found)}


def _found(text: str, iso3: str, how: MatchHow, alternatives: tuple[str, ...] = ()) -> Match:
    return Match(text, iso3, country_name(iso3), how, alternatives)


_BY_PATTERN = object()  # _match_plain's answer when only the patterns can say


def _match_plain(text: str, cleaned: str) -> Match | None | object:
    """The match of a name by alias, code or exact name; None when it is a code no country has,
    or _BY_PATTERN when only country_converter's patterns can tell."""
    key = cleaned.casefold().replace(".", "").strip()
    if key in _ALIASES:
        return _found(text, _ALIASES[key], "alias")
    if cleaned.isdigit() or (len(cleaned) <= 3 and cleaned.upper() in _codes()):
        iso3 = to_iso3(cleaned)
        return _found(text, iso3, "code") if iso3 else None
    words = _words(cleaned)
    if words in _names_by_words():
        return _found(text, _names_by_words()[words], "exact")
    translated = _translated_names().get(words if cleaned.isascii() else _any_script_words(cleaned))
    if translated and len(translated) == 1:
        return _found(text, translated[0], "exact")
    if translated:  # no guess: which of them is meant, the file must say
        return Match(text, None, None, "ambiguous", translated)
    return _BY_PATTERN


def _match_by_pattern(text: str, cleaned: str) -> Match | None:
    """The match of a name that country_converter's patterns may find."""
    words = _words(cleaned)
    patterns = _pattern_matches(re.split(_EXCLUDING, cleaned, maxsplit=1)[0])
    sharing = _sharing_countries(words) if words else ()
    if len(sharing) > 1:  # 'Korea': part of the names of South and North Korea
        guess = to_iso3(cleaned)
        guess = guess if guess in sharing else sharing[0]
        return _found(text, guess, "ambiguous", (guess, *(c for c in sharing if c != guess)))
    if len(patterns) > 1:  # several countries' patterns found: name them, guess none
        codes = tuple(iso3 for iso3, _ in patterns)
        return Match(text, None, None, "ambiguous", codes)
    if patterns:
        iso3, whole_words = patterns[0]
        return _found(text, iso3, "alias" if whole_words else "fuzzy")
    return None


@lru_cache(maxsize=20_000)
def _match_known(text: str) -> Match | None:
    """The match of a name or code, or None when nothing is known by it."""
    return _match_many_known([text])[text]


def _match_many_known(names: list[str]) -> dict[str, Match | None]:
    """The match of each of many distinct names or codes (None when nothing is known by it), with
    the patterns' prefilter run over all of them at once."""
    cleaned = [_clean(name) for name in names]
    matches = {name: _match_plain(name, text) if text else None for name, text in zip(names, cleaned)}
    asked = [i for i, name in enumerate(names) if matches[name] is _BY_PATTERN]
    may = _may_name_countries([cleaned[i] for i in asked])
    for i, maybe in zip(asked, may):
        if maybe or _EXCLUDING.search(cleaned[i]):
            matches[names[i]] = _match_by_pattern(names[i], cleaned[i])
        else:
            matches[names[i]] = None
    return matches


def match_country(text: str, suggest_unknown: bool = True) -> Match:
    """Match one name or code and say how; when nothing matches, say what was probably meant.

    A plain function of the text, cached, shared by the Upload page (where only 'exact', 'code'
    and 'alias' are taken without asking) and by anything else that looks countries up by name.
    """
    known = _match_known(text)
    if known is not None:
        return known
    plain = plain_letters(text)
    if plain != text:  # refused all the same: the record must read as it is stored
        seen = _match_known(plain)
        suggestion = seen.name if seen is not None and seen.sure else (
            suggest(plain) if suggest_unknown else None)
        return Match(text, None, None, "none", suggestion=suggestion, hidden=hidden_in(text))
    return Match(text, None, None, "none", suggestion=suggest(text) if suggest_unknown else None)


def match_names(names: Iterable[str]) -> dict[str, Match]:
    """Match each distinct name once: a file of 100,000 rows names a few hundred countries.
    Beyond MAX_SUGGESTIONS unknown names, no more suggestions are computed."""
    matches = _match_many_known(list(dict.fromkeys(names)))
    # Names with invisible or look-alike letters are few: each is matched as match_country does,
    # so its message names what cannot be seen and offers the plain name.
    # (Plain ASCII has neither, and 100,000 unknown names are mostly ASCII.)
    for name in [n for n, m in matches.items() if m is None and not n.isascii() and plain_letters(n) != n]:
        matches[name] = match_country(name)
    unknown = [name for name, match in matches.items() if match is None]
    # The first MAX_SUGGESTIONS names matched to no country (ambiguous ones count) get one.
    unmatched = (name for name, match in matches.items() if match is None or match.iso3 is None)
    suggestions = suggest_many(name for name, _ in zip(unmatched, range(MAX_SUGGESTIONS))
                               if matches[name] is None)
    for name in unknown:
        matches[name] = Match(name, None, None, "none", suggestion=suggestions.get(name))
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
