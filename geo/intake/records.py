"""Validating country records: one plain sentence per problem, with the line and the fix.

The allowed values come from geo.vocab; pandera checks the columns, country_converter the names.
Every check works on whole columns or on distinct values, so 100,000 rows take seconds, not
minutes: a file names a few hundred countries and dates, however many rows it has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
import pandera.pandas as pa

from geo.intake.countries import (country_name, hidden_in, is_group, match_names, plain_letters, show_hidden,
                           strip_hidden, to_iso3)
from geo.intake.dates import read_date
from geo.intake.io import LINE_NUMBERS, DataError, Distinct, any_cell, map_distinct
from geo.vocab import BLOCS, CONFIDENCE, RECORD_COLUMNS, RUSSIA_STANCE, US_ALIGNMENT

# Loose header matching: lower-cased, spaces and dashes as underscores, then these synonyms.
HEADER_SYNONYMS = {
    "country_name": "country", "name": "country", "entity": "country", "nation": "country", "state": "country",
    "country_or_area": "country", "country_territory": "country", "economy": "country",
    "countries": "country", "land": "country", "pays": "country", "pais": "country",
    "iso": "iso3", "iso_3": "iso3", "iso_a3": "iso3", "iso3_code": "iso3", "code": "iso3",
    "alpha_3": "iso3", "alpha3": "iso3", "country_code": "iso3", "iso_code": "iso3",
    "iso_3166": "iso3", "iso_alpha3": "iso3", "iso_3166_1_alpha_3": "iso3", "adm0_a3": "iso3",
    "alignment": "us_alignment", "us_alignment": "us_alignment", "alignment_with_us": "us_alignment",
    "alignment_with_the_us": "us_alignment", "us": "us_alignment",
    "stance": "russia_stance", "russia": "russia_stance", "relation_to_russia": "russia_stance",
    "stance_towards_russia": "russia_stance", "russia_relation": "russia_stance",
    "bloc": "blocs", "groups": "blocs", "memberships": "blocs",
    "date": "as_of", "asof": "as_of", "as_of_date": "as_of", "as_at": "as_of",
    "citation": "source", "sources": "source", "url": "source", "reference": "source",
    "notes": "note", "comment": "note", "comments": "note", "remarks": "note",
}

# Columns a file may leave out, with what each record then gets (the preview says so). Confidence
# is required in the template, but a record without one is 'medium': it rests on a source other
# than the article, as an upload's records do, and no more is claimed for it.
COLUMN_DEFAULTS = {US_ALIGNMENT.column: "", RUSSIA_STANCE.column: "", "blocs": "",
                   "confidence": "medium", "note": ""}

# Invisible controls that change the order in which text is displayed: with U+202E, 'ecnarF' is
# shown as 'France'. A record must read as it is stored, so cells holding them are refused.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# A cell exported as "'=1+2" (neutralised against formula injection) comes back as "=1+2".
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")
_NEUTRALISED_JOINED = re.compile(r"(?:^|\x00)'[=+\-@\t\r]")  # the same, in cells joined by NUL


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. line is the file's line number (the header is line 1)."""

    message: str
    line: int | None = None
    column: str | None = None


@dataclass
class RecordCheck:
    """The usable rows, every problem, and how each row's country was matched."""

    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    # One row per data row: line, country and iso3 as given, the matched iso3 ('' if none),
    # the gazetteer's name for it and, when unmatched, a suggestion.
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)
    ignored_columns: list[str] = field(default_factory=list)
    # Optional columns the file left out (or, for confidence, left empty) -> the default given.
    defaulted: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # those of them the file does not have at all
    # Lines whose country or iso3 cell had invisible characters at its ends (copy-paste), removed.
    stripped_lines: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return len(self.matches)

    @property
    def matched(self) -> int:
        return int(self.matches["iso3"].ne("").sum()) if len(self.matches) else 0

    @property
    def rejected(self) -> int:
        return self.rows - len(self.records)

    def unsure(self) -> pd.DataFrame:
        """Rows whose country was guessed from a misspelt or ambiguous name (no code given):
        a person accepts these before they are applied."""
        if not len(self.matches):
            return self.matches
        return self.matches[self.matches["iso3"].ne("") & ~self.matches["sure"]]

    def unmatched(self) -> pd.DataFrame:
        """Rows whose country could not be matched, with the suggestion for each."""
        if not len(self.matches):
            return self.matches
        return self.matches[self.matches["unmatched"]] if "unmatched" in self.matches else \
            self.matches[self.matches["iso3"].eq("")]


def header_key(header: str) -> str:
    key = re.sub(r"[\s\-./()]+", "_", str(header).strip().lower()).strip("_")
    return HEADER_SYNONYMS.get(key, key)


def normalise_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename loose headers to the vocabulary's; two headers meaning one column is an error."""
    keys = {c: header_key(c) for c in frame.columns}
    seen: dict[str, str] = {}
    for original, key in keys.items():
        if key in seen and key in RECORD_COLUMNS:
            raise DataError(f"The columns '{seen[key]}' and '{original}' both mean '{key}'. "
                            "Keep one of them.")
        seen[key] = original
    return frame.rename(columns=keys)


def _schema() -> pa.DataFrameSchema:
    def allowed(vocab_values: tuple[str, ...]) -> pa.Check:
        return pa.Check(lambda s: s.eq("") | s.isin(vocab_values), element_wise=False,
                        name="allowed", error=", ".join(vocab_values))

    columns = {
        US_ALIGNMENT.column: pa.Column(str, allowed(US_ALIGNMENT.values)),
        RUSSIA_STANCE.column: pa.Column(str, allowed(RUSSIA_STANCE.values)),
        "confidence": pa.Column(str, allowed(CONFIDENCE)),
    }
    for name, required in RECORD_COLUMNS.items():
        if required and name not in columns and name not in ("country", "iso3"):
            columns[name] = pa.Column(str, pa.Check(lambda s: s.ne(""), name="filled", error="filled"))
    return pa.DataFrameSchema(columns, strict=False)


class _Checker:
    """The state of one validation: the table, each row's file line, the problems found."""

    def __init__(self, frame: pd.DataFrame, lines: list[int]):
        self.frame = frame
        self.lines = lines
        self.problems: list[Problem] = []
        self.bad = np.zeros(len(frame), dtype=bool)
        self.stripped: list[int] = []  # positions whose country or code lost invisible ends
        self.controls: dict[str, set[int]] = {}  # column -> positions told of a direction control

    def report_rows(self, positions, column: str, message: str) -> None:
        """One message for many rows with one cause: 'Lines 8, 9 and 11: ...'."""
        lines = [str(self.lines[p]) for p in positions]
        shown = lines[:10] + ([f"{len(lines) - 10} more"] if len(lines) > 10 else [])
        self.problems.append(Problem(f"Line{'s' if len(lines) > 1 else ''} {_joined(shown)}: {message}",
                                     self.lines[positions[0]], column))
        self.bad[positions] = True

    def untold(self, rows: np.ndarray, column: str) -> list[int]:
        """The positions of rows not already told of a direction control in column: that message
        says what to do, and a second one about the same cell would only repeat it."""
        told = self.controls.get(column, set())
        return [p for p in np.flatnonzero(rows).tolist() if p not in told]

    def report(self, position: int, column: str, message: str) -> None:
        line = self.lines[position]
        self.problems.append(Problem(f"Line {line}: {message}", line, column))
        self.bad[position] = True


def _joined(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _file_lines(raw: pd.DataFrame) -> list[int]:
    """The file line of each row: kept by geo.intake.io's reader, else counted from line 2."""
    lines = raw.attrs.get(LINE_NUMBERS)
    if lines is not None and len(lines) == len(raw):
        return [int(n) for n in lines]
    return list(range(2, len(raw) + 2))


def validate_records(raw: pd.DataFrame) -> RecordCheck:
    """Check a table of country records; return the usable rows and every problem found."""
    lines = _file_lines(raw)
    raw = raw.copy()
    raw.attrs = {}  # pandas deep-copies attrs on every operation
    frame = normalise_headers(raw)
    if frame.empty:
        raise DataError("The file has a header but no data rows. Add one row per country.")
    if "country" not in frame and "iso3" not in frame:
        found = ", ".join(f"'{c}'" for c in raw.columns[:8])
        raise DataError(f"No country column found (the columns are {found}). Name one column "
                        "'country' (a name) or 'iso3' (a code), as in the template.")
    missing = [c for c, required in RECORD_COLUMNS.items() if required and c not in COLUMN_DEFAULTS
               and c not in ("country", "iso3") and c not in frame]
    if missing:
        raise DataError(f"Missing column(s): {', '.join(missing)}. Add them as in the template: "
                        "every record needs its evidence, its source and its date.")
    left_out = [c for c in COLUMN_DEFAULTS if c not in frame]
    defaulted = {c: COLUMN_DEFAULTS[c] for c in left_out}
    ignored = [str(original) for original, key in zip(raw.columns, frame.columns)
               if key not in RECORD_COLUMNS]
    # Unused columns go first: two of them may share a name once normalised ("Remark", "remark").
    frame = frame.loc[:, frame.columns.isin(list(RECORD_COLUMNS))]
    frame = frame.reindex(columns=list(RECORD_COLUMNS)).reset_index(drop=True)
    frame = frame.fillna("").astype(str).apply(lambda col: map_distinct(col, str.strip))
    for column in (US_ALIGNMENT.column, RUSSIA_STANCE.column, "confidence"):
        frame[column] = map_distinct(frame[column], str.lower)
    if frame["confidence"].eq("").any():
        defaulted["confidence"] = COLUMN_DEFAULTS["confidence"]
        frame["confidence"] = frame["confidence"].replace("", COLUMN_DEFAULTS["confidence"])
    for column in ("evidence", "source", "note"):
        if any_cell(frame[column], _NEUTRALISED_JOINED):
            frame[column] = map_distinct(frame[column], partial(_NEUTRALISED.sub, ""))

    check = _Checker(frame, lines)
    _check_direction_controls(check)
    _check_schema(check)
    matches = _match_codes(check)
    _check_dates(check)
    _check_blocs(check)
    _check_duplicates(check)
    check.problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    good = frame[~check.bad].reset_index(drop=True)
    return RecordCheck(records=good, problems=check.problems, matches=matches,
                       ignored_columns=ignored, defaulted=defaulted, left_out=list(left_out),
                       stripped_lines=[lines[p] for p in sorted(set(check.stripped))])


def _check_direction_controls(check: _Checker) -> None:
    for column in check.frame.columns:
        values = check.frame[column]
        if not any_cell(values, DIRECTION_CONTROLS, beyond_ascii=True):
            continue
        found = map_distinct(values, DIRECTION_CONTROLS.search).notna().to_numpy()
        check.controls[column] = set(np.flatnonzero(found).tolist())
        for position in np.flatnonzero(found):
            control = DIRECTION_CONTROLS.search(values.iat[position]).group()
            check.report(position, column, f"'{column}' holds an invisible direction control "
                         f"(U+{ord(control):04X}), which makes text display in another order than it "
                         "is written. Delete it (retype the cell) and upload again.")


def _check_schema(check: _Checker) -> None:
    """Each column's distinct values are checked once (the checks are per value), then every
    row holding a failing value is reported."""
    for column, rules in _schema().columns.items():
        codes, distinct = pd.factorize(check.frame[column].to_numpy(dtype=object))
        try:
            pa.DataFrameSchema({column: rules}).validate(pd.DataFrame({column: distinct}), lazy=True)
        except pa.errors.SchemaErrors as errors:
            cases = errors.failure_cases.dropna(subset=["index"])
            messages = {int(index): _schema_message(column, check_name, value) for check_name, value, index
                        in zip(cases["check"], cases["failure_case"], cases["index"])}
            for position in np.flatnonzero(np.isin(codes, list(messages))):
                check.report(position, column, messages[int(codes[position])])


def _schema_message(column: str, check: str, value: object) -> str:
    if "filled" in str(check):
        return f"'{column}' is empty. Fill it in: every record needs its {column}."
    allowed_values = {"us_alignment": US_ALIGNMENT.values, "russia_stance": RUSSIA_STANCE.values,
                      "confidence": CONFIDENCE}.get(column, ())
    return (f"'{value}' is not an allowed {column}. Use one of: {', '.join(allowed_values)}, "
            "or leave it empty." if column != "confidence" else
            f"'{value}' is not an allowed confidence. Use one of: {', '.join(allowed_values)}.")


def _match_codes(check: _Checker) -> pd.DataFrame:
    """ISO3 per row from the iso3 column or, failing that, the country name; each name matched once.

    Each column is factorized once and every per-name answer is an array indexed by its codes:
    a file of 100,000 distinct unknown names makes no pandas lookup per row or per name."""
    frame = check.frame
    names, given = Distinct(_strip_ends(check, "country")), Distinct(_strip_ends(check, "iso3"))
    by_name = match_names(n for n in names.values if n)
    by_name[""] = None
    matched = [by_name[n] for n in names.values]
    by_code = [to_iso3(c) or "" if c else "" for c in given.values]
    from_name = names.each([m.iso3 or "" if m else "" for m in matched])
    from_code = given.each(by_code)

    bad_code = (given.rows != "") & (from_code == "")
    # A code settles an ambiguous name it is one of ('Korea' with PRK).
    disagree = (from_code != "") & (from_name != "") & (from_code != from_name)
    names_list, from_code_list = names.rows.tolist(), from_code.tolist()
    for position in np.flatnonzero(disagree):
        if from_code_list[position] in by_name[names_list[position]].alternatives:
            disagree[position] = False
    # 'World', 'Sub-Saharan Africa', WLD: a region, not a misspelt country.
    group = (names.each([is_group(name=n) for n in names.values], dtype=bool)
             | (given.each([is_group(code=c) for c in given.values], dtype=bool) & (from_name == "")))
    bad_code &= ~group
    disagree &= ~group
    unmatched = (from_code == "") & (from_name == "") & ~bad_code & ~group
    iso3 = np.where(from_code != "", from_code, from_name)
    iso3[bad_code | disagree | group] = ""
    given_list = given.rows.tolist()
    if group.any():
        shown = list(dict.fromkeys(names_list[p] or given_list[p] for p in np.flatnonzero(group)))
        quoted = [f"'{show_hidden(n)}'" for n in shown[:3]] + ([f"{len(shown) - 3} more"] if len(shown) > 3 else [])
        plural = len(shown) > 1
        check.report_rows(np.flatnonzero(group), "country",
                          f"{_joined(quoted)} {'are groups' if plural else 'is a group'} of countries "
                          f"(regions, income groups), not {'countries' if plural else 'a country'}; "
                          f"{'their rows are' if group.sum() > 1 else 'its row is'} left out.")

    for position in check.untold(bad_code, "iso3"):
        code = given_list[position]
        plain = to_iso3(plain_letters(code)) if hidden_in(code) else None
        fix = (f"Did you mean '{plain_letters(code)}'?" if plain else "Use an ISO3 code such as TUR, "
               "or leave iso3 empty and give the country name.")
        check.report(position, "iso3", f"'{show_hidden(code)}' is not a country code"
                     f"{': ' + hidden_in(code) if hidden_in(code) else ''}. {fix}")
    for position in check.untold(disagree, "country"):
        match = by_name[names_list[position]]
        check.report(position, "iso3", f"the name '{show_hidden(names_list[position])}' is {match.name} "
                     f"({match.iso3}) but the code says {from_code_list[position]}. "
                     "Correct one of them.")
    for position in check.untold(unmatched, "country"):
        name = names_list[position]
        if not name:
            check.report(position, "country", "no country is given. Fill in 'country' (a name) "
                         "or 'iso3' (a code).")
            continue
        match = by_name[name]
        if match.alternatives:
            check.report(position, "country", f"'{show_hidden(name)}' could be {describe_codes(match.alternatives)}. "
                         "Give one country per row, by its name or ISO3 code.")
            continue
        hint = (f" Did you mean '{match.suggestion}'?" if match.suggestion
                else " Check the spelling or give its ISO3 code.")
        hidden = f": {match.hidden}" if match.hidden else ""
        check.report(position, "country", f"'{show_hidden(name)}' is not a country we recognise"
                     f"{hidden}.{hint}")

    gazetteer = {code: country_name(code) or code for code in set(iso3.tolist()) if code}
    gazetteer[""] = ""
    matched_name = np.array([gazetteer[code] for code in iso3.tolist()], dtype=object)
    # A row given only a code gets the gazetteer's name, so every record can be shown by name.
    shown_names = np.where((names.rows == "") & (iso3 != ""), matched_name, names.rows)
    index = frame.index
    frame["country"], frame["iso3"] = pd.Series(shown_names, index=index), pd.Series(iso3, index=index)
    sure = (from_code != "") | names.each([m.sure if m else True for m in matched], dtype=bool)
    return pd.DataFrame({
        "line": check.lines,
        "country": names.rows,
        "iso3_given": given.rows,
        "iso3": iso3,
        "matched_name": matched_name,
        "suggestion": np.where(iso3 == "", names.each([m.suggestion or "" if m else "" for m in matched]), ""),
        # How the name was matched, and whether that may be used without asking: a code given
        # beside the name, or an exact name, code or known alias, is sure.
        "how": names.each([m.how if m else "" for m in matched]),
        "sure": sure,
        "alternatives": names.each([describe_codes(m.alternatives, ", ") if m and m.how == "ambiguous" else ""
                                    for m in matched]),
        # Rows naming no country: not those whose code is wrong or contradicts the name, which
        # have their own message (one message per problem).
        "unmatched": unmatched & (names.rows != ""),
    }, index=index)


def _strip_ends(check: _Checker, column: str) -> pd.Series:
    """The column without invisible characters at the ends of its cells, noting where."""
    values = check.frame[column]
    cleaned = {v: strip_hidden(v) for v in values.unique()}
    changed = {v for v, c in cleaned.items() if c != v}
    if not changed:
        return values.copy()
    check.stripped.extend(int(p) for p in np.flatnonzero(values.isin(changed)))
    return values.map(cleaned)


def describe_codes(codes: tuple[str, ...], joiner: str = " or ") -> str:
    """'South Korea (KOR) or North Korea (PRK)'."""
    named = [f"{country_name(code) or code} ({code})" for code in codes]
    return ", ".join(named[:-1]) + joiner + named[-1] if len(named) > 1 else "".join(named)


def row_line(position: int) -> int:
    """The file line of a row when the file has no blank lines (the header is line 1)."""
    return int(position) + 2


def match_codes(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int],
                lines: list[int] | None = None) -> pd.DataFrame:
    """How each row of another table with country/iso3 columns (trip stops, datasets) was matched,
    worded exactly as for country records; frame["iso3"] is set, problems and rejected positions
    added. LINES are the rows' file lines (geo.intake.io keeps them), else counted from line 2."""
    check = _Checker(frame, lines or [row_line(i) for i in range(len(frame))])
    matches = _match_codes(check)
    _collect(check, problems, bad_rows)
    return matches


def check_direction_controls(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int],
                             lines: list[int] | None = None) -> None:
    """Refuse cells of another table (trip stops, datasets) that would display in another order
    than typed."""
    check = _Checker(frame, lines or [row_line(i) for i in range(len(frame))])
    _check_direction_controls(check)
    _collect(check, problems, bad_rows)


def _collect(check: _Checker, problems: list[Problem], bad_rows: set[int]) -> None:
    problems.extend(check.problems)
    bad_rows.update(int(i) for i in np.flatnonzero(check.bad))


def _check_dates(check: _Checker) -> None:
    """ISO dates and dates that name their month, between FIRST_DATE and today; each distinct
    text read once. Day/month orders are refused, never guessed (geo.intake.dates)."""
    texts = check.frame["as_of"]
    readings = {text: read_date(text) for text in texts.unique() if text}
    normalised = texts.map({text: reading.iso for text, reading in readings.items()})
    for position in np.flatnonzero(normalised.isna() & texts.ne("")):
        check.report(position, "as_of", readings[texts.iat[position]].problem)
    check.frame["as_of"] = normalised.fillna(texts)


def _check_blocs(check: _Checker) -> None:
    known = {b.lower(): b for b in BLOCS}
    cleaned: dict[str, tuple[str, list[str]]] = {}
    for text in check.frame["blocs"].unique():
        parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
        unknown = [p for p in parts if p.lower() not in known]
        cleaned[text] = ("; ".join(known.get(p.lower(), p) for p in parts), unknown)
    blocs = check.frame["blocs"]
    for position in np.flatnonzero(blocs.map({t: bool(c[1]) for t, c in cleaned.items()}).to_numpy(bool)):
        unknown = cleaned[blocs.iat[position]][1]
        check.report(position, "blocs", f"unknown bloc(s) {', '.join(unknown)}. Use any of "
                     f"{', '.join(BLOCS)}, separated by ';'.")
    check.frame["blocs"] = blocs.map({t: c[0] for t, c in cleaned.items()})


def _check_duplicates(check: _Checker) -> None:
    frame = check.frame
    keyed = frame[frame["iso3"].ne("")]
    if keyed.empty:
        return
    first = keyed.groupby(["iso3", "as_of"], sort=False).cumcount()
    first_position = (keyed.reset_index().groupby(["iso3", "as_of"], sort=False)["index"]
                      .transform("first").to_numpy())
    for position, earlier in zip(keyed.index[first.to_numpy() > 0],
                                 first_position[first.to_numpy() > 0]):
        check.report(position, "iso3", f"{frame.at[position, 'iso3']} on "
                     f"{frame.at[position, 'as_of']} already appears on line "
                     f"{check.lines[earlier]}. Keep one row per country and date.")
