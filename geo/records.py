"""Validating country records: one plain sentence per problem, with the line and the fix.

The allowed values come from geo.vocab; pandera checks the columns, country_converter the names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from geo.countries import match_country, to_iso3
from geo.io import DataError
from geo.vocab import BLOCS, CONFIDENCE, RECORD_COLUMNS, RUSSIA_STANCE, US_ALIGNMENT

# Loose header matching: lower-cased, spaces and dashes as underscores, then these synonyms.
HEADER_SYNONYMS = {
    "country_name": "country", "name": "country", "nation": "country", "state": "country",
    "iso": "iso3", "iso_3": "iso3", "iso_a3": "iso3", "iso3_code": "iso3", "code": "iso3",
    "alpha_3": "iso3", "country_code": "iso3",
    "alignment": "us_alignment", "us_alignment": "us_alignment", "alignment_with_us": "us_alignment",
    "stance": "russia_stance", "russia": "russia_stance", "relation_to_russia": "russia_stance",
    "bloc": "blocs", "groups": "blocs",
    "date": "as_of", "asof": "as_of", "as_of_date": "as_of",
    "citation": "source", "sources": "source", "notes": "note",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. line is the file's line number (the header is line 1)."""

    message: str
    line: int | None = None
    column: str | None = None


@dataclass
class RecordCheck:
    records: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def header_key(header: str) -> str:
    key = re.sub(r"[\s\-./]+", "_", str(header).strip().lower()).strip("_")
    return HEADER_SYNONYMS.get(key, key)


def normalise_headers(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={c: header_key(c) for c in frame.columns})


def _line(index: int) -> int:
    return int(index) + 2


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


def validate_records(raw: pd.DataFrame) -> RecordCheck:
    """Check a table of country records; return the usable rows and every problem found."""
    frame = normalise_headers(raw)
    if frame.empty:
        raise DataError("The file has a header but no data rows. Add one row per country.")
    if "country" not in frame and "iso3" not in frame:
        raise DataError("No country column found. Name one column 'country' (a name) or 'iso3' "
                        "(a code), as in the template.")
    missing = [c for c, required in RECORD_COLUMNS.items()
               if required and c not in ("country", "iso3") and c not in frame]
    if missing:
        raise DataError(f"Missing column(s): {', '.join(missing)}. Add them as in the template.")
    for column in RECORD_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame.fillna("").astype(str)
    frame[US_ALIGNMENT.column] = frame[US_ALIGNMENT.column].str.lower().str.strip()
    frame[RUSSIA_STANCE.column] = frame[RUSSIA_STANCE.column].str.lower().str.strip()
    frame["confidence"] = frame["confidence"].str.lower().str.strip()

    problems: list[Problem] = []
    bad_rows: set[int] = set()
    try:
        _schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            if pd.isna(case.index):
                continue
            problems.append(_schema_problem(case.column, case.check, case.failure_case, int(case.index)))
            bad_rows.add(int(case.index))

    frame["iso3"] = _match_codes(frame, problems, bad_rows)
    frame["as_of"] = _check_dates(frame, problems, bad_rows)
    _check_blocs(frame, problems, bad_rows)
    _check_duplicates(frame, problems, bad_rows)
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    good = frame.drop(index=list(bad_rows))
    return RecordCheck(records=good.reset_index(drop=True), problems=problems)


def _schema_problem(column: str, check: str, value: object, index: int) -> Problem:
    line = _line(index)
    if "filled" in str(check):
        return Problem(f"Line {line}: '{column}' is empty. Fill it in: every record needs its "
                       f"{column}.", line, column)
    allowed = str(check).split("allowed", 1)[-1] if "allowed" in str(check) else ""
    allowed_values = {"us_alignment": US_ALIGNMENT.values, "russia_stance": RUSSIA_STANCE.values,
                      "confidence": CONFIDENCE}.get(column, ())
    return Problem(f"Line {line}: '{value}' is not an allowed {column}. Use one of: "
                   f"{', '.join(allowed_values) or allowed}, or leave it empty.", line, column)


def _match_codes(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> pd.Series:
    """ISO3 per row from the iso3 column or, failing that, the country name; each name matched once."""
    codes = []
    names = frame["country"]
    given = frame["iso3"]
    matched_names = {n: match_country(n) for n in names.unique() if n}
    for index, (name, code) in enumerate(zip(names, given)):
        line = _line(index)
        from_code = to_iso3(code) if code else None
        from_name = matched_names[name] if name else None
        if code and not from_code:
            problems.append(Problem(f"Line {line}: '{code}' is not a country code. Use an ISO3 code "
                                    "such as TUR, or leave iso3 empty and give the country name.",
                                    line, "iso3"))
            bad_rows.add(index)
            codes.append("")
        elif from_code and from_name and from_name.iso3 and from_name.iso3 != from_code:
            problems.append(Problem(f"Line {line}: the name '{name}' is {from_name.name} "
                                    f"({from_name.iso3}) but the code says {from_code}. "
                                    "Correct one of them.", line, "iso3"))
            bad_rows.add(index)
            codes.append("")
        elif from_code:
            codes.append(from_code)
        elif from_name and from_name.iso3:
            codes.append(from_name.iso3)
        else:
            hint = (f" Did you mean '{from_name.suggestion}'?" if from_name and from_name.suggestion
                    else " Check the spelling or give its ISO3 code.")
            what = f"'{name}' is not a country we recognise." if name else "no country is given."
            problems.append(Problem(f"Line {line}: {what}{hint}", line, "country"))
            bad_rows.add(index)
            codes.append("")
    return pd.Series(codes, index=frame.index)


def _check_dates(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> pd.Series:
    parsed = pd.to_datetime(frame["as_of"], errors="coerce", format="mixed", dayfirst=False)
    for index in frame.index[parsed.isna() & frame["as_of"].ne("")]:
        line = _line(index)
        problems.append(Problem(f"Line {line}: '{frame.at[index, 'as_of']}' is not a date. "
                                "Write it as YYYY-MM-DD, e.g. 2022-07-27.", line, "as_of"))
        bad_rows.add(index)
    return parsed.dt.strftime("%Y-%m-%d").fillna(frame["as_of"])


def _check_blocs(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> None:
    known = {b.lower(): b for b in BLOCS}
    cleaned = []
    for index, text in zip(frame.index, frame["blocs"]):
        parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
        unknown = [p for p in parts if p.lower() not in known]
        if unknown:
            line = _line(index)
            problems.append(Problem(f"Line {line}: unknown bloc(s) {', '.join(unknown)}. Use any of "
                                    f"{', '.join(BLOCS)}, separated by ';'.", line, "blocs"))
            bad_rows.add(index)
        cleaned.append("; ".join(known.get(p.lower(), p) for p in parts))
    frame["blocs"] = cleaned


def _check_duplicates(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> None:
    keyed = frame[frame["iso3"].ne("")]
    duplicated = keyed[keyed.duplicated(["iso3", "as_of"], keep="first")]
    for index in duplicated.index:
        first = keyed[(keyed["iso3"] == frame.at[index, "iso3"])
                      & (keyed["as_of"] == frame.at[index, "as_of"])].index[0]
        line = _line(index)
        problems.append(Problem(f"Line {line}: {frame.at[index, 'iso3']} on {frame.at[index, 'as_of']} "
                                f"already appears on line {_line(first)}. Keep one row per country "
                                "and date.", line, "iso3"))
        bad_rows.add(index)
