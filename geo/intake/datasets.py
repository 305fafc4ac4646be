"""Datasets: any CSV of country figures (a number or a category per country), read and checked.

A dataset is what a user brings beside the atlas's own facts: wheat bought from Russia, gas, arms.
It is read by the one CSV reader (geo.intake.io.read_csv_bytes: the same encodings, NUL bytes, sizes
refused) and its countries by the one matcher (geo.intake.records.match_codes, worded as for records;
a guess is used only once a person accepts it). The shipped examples in data/datasets/ take this
same path. Two shapes are read:

- wide: a country column and one or more value columns;
- long: a country column, a year (or period, or date) column and value columns; the map shows
  the latest year unless another is chosen.

Every dataset says what it is: title, unit, source, year and coverage come from the columns
`title`, `unit`, `source`, `year`, `coverage`, `about` where the file has them, otherwise from
Metadata a person types in. Per row, `note` is kept and `unverified` (any of yes/true/1/x) marks
a value that is shown as unverified and never classed as if it were sure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from geo.intake.io import DATA_DIR, LINE_NUMBERS, DataError, read_csv_bytes
from geo.intake.numbers import Decimal, detect_decimal, has_percent, is_missing, parse_number
from geo.intake.records import Problem, check_direction_controls, header_key, match_codes

MAX_CATEGORIES = 12
SHIPPED_DIR = DATA_DIR / "datasets"  # the examples built by `make data` (scripts/build_datasets.py)
Kind = Literal["numeric", "categorical"]

# Header keys (geo.intake.records.header_key, which already maps 'date' to 'as_of', 'url' to 'source'
# and 'notes' to 'note') of the columns that say when a value is for and what the dataset is.
PERIOD_KEYS = ("year", "period", "as_of", "years", "time", "window")
METADATA_KEYS = ("title", "unit", "units", "source", "coverage", "about", "note", "unverified")
_TRUE = frozenset({"yes", "true", "1", "x", "y", "unverified"})
_UNIT_IN_HEADER = re.compile(r"\(([^()]{1,40})\)\s*$")
# The World Bank's and Eurostat's layout: one column per year ('2020', or '2020 [YR2020]' from the
# DataBank); its indicator's name is the title and its codes are not figures.
_YEAR_HEADER = re.compile(r"^\s*(\d{4})(?:\s*\[YR\d{4}\])?\s*$")
_TITLE_KEYS = ("indicator_name", "indicator", "series_name", "series")
_NOT_FIGURES = ("indicator_code", "series_code")
YEARS_COLUMN = "Value"  # the one column of a file whose columns are years


@dataclass(frozen=True)
class Metadata:
    """What a dataset is, as typed in the Upload page's form (a file's own columns come first)."""

    title: str = ""
    unit: str = ""
    source: str = ""
    year: str = ""
    coverage: str = ""
    about: str = ""


@dataclass(frozen=True)
class Column:
    """One value column: numbers, or at most MAX_CATEGORIES categories (in the file's order)."""

    name: str
    kind: Kind
    categories: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Values per country (ISO3), per column and per period, with what they are and where from.

    table has one row per (iso3, period): iso3, country (as written), period, line (in the
    file), source, note, unverified, then one column per value column (float or text; NaN/''
    where missing).
    """

    key: str
    title: str
    unit: str
    source: str
    coverage: str
    about: str
    columns: tuple[Column, ...]
    table: pd.DataFrame
    decimal: Decimal = "."

    @property
    def periods(self) -> list[str]:
        """The years (or periods, or dates) of the values, oldest first."""
        return sorted(self.table["period"].unique(), key=period_order)

    @property
    def latest(self) -> str:
        return self.periods[-1]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def values(self, column: str, period: str | None = None) -> pd.DataFrame:
        """The rows of PERIOD (the latest by default): iso3, value, source, note, unverified."""
        period = self.latest if period is None else period
        rows = self.table[self.table["period"] == period]
        return pd.DataFrame({"iso3": rows["iso3"].to_numpy(), "value": rows[column].to_numpy(),
                             "source": rows["source"].to_numpy(), "note": rows["note"].to_numpy(),
                             "unverified": rows["unverified"].to_numpy()})


@dataclass
class DatasetCheck:
    """One reading of a file: the dataset (None until it can be drawn), and why not, if not.

    missing: the metadata fields the form must supply; guesses: countries matched by a guess a
    person must accept (their rows are left out until then); problems: every bad cell with its
    line and column (its row left out) and every refused column.
    """

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)
    guesses: pd.DataFrame = field(default_factory=pd.DataFrame)
    missing: list[str] = field(default_factory=list)
    decimal: Decimal = "."
    metadata: Metadata = field(default_factory=Metadata)  # as found in the file and the form
    rows: int = 0
    left_out: int = 0

    @property
    def decimal_sentence(self) -> str:
        return ("Numbers are read with a decimal comma (1.234,5 is one thousand two hundred and "
                "thirty-four and a half), as the file writes them." if self.decimal == "," else
                "Numbers are read with a decimal point (1,234.5).")


def period_order(period: str) -> tuple[int, str]:
    """Sort key of a period: its last year ('2017-2021' -> 2021), then its text."""
    years = re.findall(r"\d{4}", period)
    return (int(years[-1]) if years else 0, period)


def slug(title: str) -> str:
    """A dataset's key in links and layer names: 'Wheat from Russia' -> 'wheat-from-russia'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "dataset"


def read_dataset(data: bytes, metadata: Metadata = Metadata(), accept_guesses: bool = False) -> DatasetCheck:
    """A file's bytes as a dataset: refused as the record upload refuses (geo.intake.io), then checked."""
    return check_dataset(read_csv_bytes(data), metadata, accept_guesses)


def _lines(raw: pd.DataFrame) -> list[int]:
    lines = raw.attrs.get(LINE_NUMBERS)
    if lines is not None and len(lines) == len(raw):
        return [int(n) for n in lines]
    return list(range(2, len(raw) + 2))


def _roles(columns: list[str]) -> tuple[dict[str, str], list[str], list[str]]:
    """Each column's role: {'country'|'iso3'|'period'|metadata key: header}, value columns, ignored."""
    roles: dict[str, str] = {}
    values, ignored = [], []
    for header in columns:
        key = header_key(header)
        key = "unit" if key == "units" else "title" if key in _TITLE_KEYS else key
        if key in _NOT_FIGURES:
            ignored.append(header)
            continue
        if key in ("country", "iso3") or key in METADATA_KEYS:
            role = key
        elif key in PERIOD_KEYS:
            role = "period"
        else:
            values.append(header)
            continue
        if role in roles:
            ignored.append(header)
        else:
            roles[role] = header
    return roles, values, ignored


def _single(frame: pd.DataFrame, header: str | None) -> str:
    """The one value a metadata column holds on every row, '' when absent or varying."""
    if header is None:
        return ""
    distinct = [v for v in frame[header].unique() if v]
    return distinct[0] if len(distinct) == 1 else ""


def check_dataset(raw: pd.DataFrame, metadata: Metadata = Metadata(),
                  accept_guesses: bool = False) -> DatasetCheck:
    """Check a table of country figures; return the dataset, or what must be fixed or supplied."""
    lines = _lines(raw)
    raw = raw.copy()
    raw.attrs = {}
    if raw.empty:
        raise DataError("The file has a header but no data rows. Add one row per country.")
    roles, value_headers, _ = _roles(list(raw.columns))
    if "country" not in roles and "iso3" not in roles:
        found = ", ".join(f"'{c}'" for c in raw.columns[:8])
        raise DataError(f"No country column found (the columns are {found}). Name one column "
                        "'country' (a name) or 'iso3' (a code).")
    if not value_headers:
        raise DataError("No value column found: besides the country (and year, unit, source) the "
                        "file needs at least one column of figures or categories.")
    frame = raw.reset_index(drop=True)
    problems: list[Problem] = []
    bad: set[int] = set()
    check_direction_controls(frame, problems, bad, lines)

    countries = pd.DataFrame({"country": frame[roles["country"]] if "country" in roles else "",
                              "iso3": frame[roles["iso3"]] if "iso3" in roles else ""}).fillna("")
    matches = match_codes(countries, problems, bad, lines)
    guessed = matches["iso3"].ne("") & ~matches["sure"].astype(bool)
    guesses = matches[guessed & ~pd.Series([i in bad for i in range(len(frame))])]
    pending = set() if accept_guesses else set(np.flatnonzero(guessed))

    # A year no row has a value for (the latest, not yet published) is not one of the data's, nor is
    # the empty column a trailing comma makes.
    filled = [h for h in value_headers if not frame[h].map(is_missing).all()]
    by_year = "period" not in roles and bool(filled) and all(_YEAR_HEADER.match(h) for h in filled)
    if by_year:
        value_headers = filled
    cells = [c for h in value_headers for c in frame[h].unique() if not is_missing(c)]
    decimal = detect_decimal(cells)
    columns: list[Column] = []
    parsed: dict[str, pd.Series] = {}
    for header in value_headers:
        column, values = _read_column(header, frame[header], decimal, lines, problems, bad)
        if column is not None:
            columns.append(column)
            parsed[header] = values
    if not columns:
        raise DataError("No column could be drawn: " + " ".join(p.message for p in problems[-3:]))
    years = {c.name: _YEAR_HEADER.match(c.name)[1] for c in columns} if by_year else {}
    if by_year and all(c.kind == "numeric" for c in columns):
        columns = [Column(YEARS_COLUMN, "numeric", unit=next((c.unit for c in columns if c.unit), ""))]
    else:
        years = {}

    period_header = roles.get("period")
    if period_header is not None:
        period = frame[period_header].str.strip()
        for position in np.flatnonzero(period.eq("")):
            problems.append(Problem(f"Line {lines[position]}: '{period_header}' is empty. Give the "
                                    "year (or period) the values are for.", lines[position], period_header))
            bad.add(int(position))
    else:
        period = pd.Series([metadata.year.strip()] * len(frame), dtype=str)

    found = Metadata(
        title=metadata.title.strip() or _single(frame, roles.get("title")),
        unit=metadata.unit.strip() or _single(frame, roles.get("unit"))
        or next((c.unit for c in columns if c.unit), ""),
        source=metadata.source.strip() or "; ".join(v for v in frame[roles["source"]].unique() if v)
        if "source" in roles else metadata.source.strip(),
        year=metadata.year.strip() or (", ".join(sorted(period.unique(), key=period_order))
                                       if period_header else ", ".join(years.values())),
        coverage=metadata.coverage.strip() or _single(frame, roles.get("coverage")),
        about=metadata.about.strip() or _single(frame, roles.get("about")),
    )
    missing = [name for name, needed in (("title", True), ("source", True), ("year", True),
                                         ("unit", any(c.kind == "numeric" for c in columns)))
               if needed and not getattr(found, name)]

    keep = matches["iso3"].to_numpy() != ""
    keep[list(bad | pending)] = False
    table = pd.DataFrame({
        "iso3": matches["iso3"].to_numpy(),
        "country": countries["country"].to_numpy(),
        "period": period.to_numpy() if period_header else np.array([found.year] * len(frame), dtype=object),
        "line": np.array(lines),
        "source": (frame[roles["source"]].replace("", found.source) if "source" in roles
                   else pd.Series([found.source] * len(frame))).to_numpy(),
        "note": (frame[roles["note"]] if "note" in roles else pd.Series([""] * len(frame))).to_numpy(),
        "unverified": (frame[roles["unverified"]].str.lower().isin(_TRUE) if "unverified" in roles
                       else pd.Series([False] * len(frame))).to_numpy(),
        **({} if years else {c.name: parsed[c.name].to_numpy() for c in columns}),
    })[keep]
    if years:  # one row per country and year, as a long file gives them
        table = pd.concat([table.assign(period=year, **{YEARS_COLUMN: parsed[header].to_numpy()[keep]})
                           for header, year in years.items()], ignore_index=True)
    table = table.reset_index(drop=True)
    _check_duplicates(table, problems)
    table = table.drop_duplicates(["iso3", "period"], keep="first").reset_index(drop=True)
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    dataset = None
    if not missing and len(table):
        dataset = Dataset(key=slug(found.title), title=found.title, unit=found.unit, source=found.source,
                          coverage=found.coverage, about=found.about, columns=tuple(columns),
                          table=table, decimal=decimal)
    return DatasetCheck(dataset, problems, matches, guesses, missing, decimal, found, len(frame),
                        len(frame) - int(keep.sum()))


def _read_column(header: str, cells: pd.Series, decimal: Decimal, lines: list[int],
                 problems: list[Problem], bad: set[int]) -> tuple[Column | None, pd.Series]:
    """A value column as numbers (bad cells reported, their rows left out) or as categories."""
    present = cells[~cells.map(is_missing)]
    readings: dict[str, float | None] = {}
    for text in present.unique():
        try:
            readings[text] = parse_number(text, decimal)
        except ValueError:
            readings[text] = np.nan
    numeric = present.map(readings).notna()
    header_unit = _UNIT_IN_HEADER.search(header)
    if len(present) and numeric.mean() >= 0.5:
        for position in np.flatnonzero(cells.isin(present[~numeric]).to_numpy()):
            problems.append(Problem(
                f"Line {lines[position]}: '{cells.iat[position]}' in '{header}' is neither a number nor "
                "a missing value (leave it empty or write n/a). Correct it; the row is left out until then.",
                lines[position], header))
            bad.add(int(position))
        values = cells.map(lambda t: np.nan if is_missing(t) else readings.get(t, np.nan)).astype(float)
        unit = header_unit.group(1) if header_unit else ("%" if present.map(has_percent).any() else "")
        return Column(header, "numeric", unit=unit), values
    categories = tuple(dict.fromkeys(present))
    if len(categories) > MAX_CATEGORIES:
        problems.append(Problem(
            f"Column '{header}' is mostly text with {len(categories)} different values; a category "
            f"column may have at most {MAX_CATEGORIES}. Group them into at most {MAX_CATEGORIES} "
            "categories, or remove the column; it is not drawn.", None, header))
        return None, cells
    return Column(header, "categorical", categories), cells.where(~cells.map(is_missing), "")


def _check_duplicates(table: pd.DataFrame, problems: list[Problem]) -> None:
    """A country given twice for one period: the first row is used and the others are named."""
    repeated = table.duplicated(["iso3", "period"], keep="first").to_numpy()
    if not repeated.any():
        return
    first = table.groupby(["iso3", "period"], sort=False)["line"].transform("first").to_numpy()
    for iso3, period, line, earlier in zip(table["iso3"].to_numpy()[repeated], table["period"].to_numpy()[repeated],
                                           table["line"].to_numpy()[repeated], first[repeated]):
        when = f" for {period}" if period else ""
        problems.append(Problem(f"Line {line}: {iso3} already has a value{when} on line {earlier}; this "
                                "row is left out. Keep one row per country (and year).", int(line), "country"))


def with_metadata(check: DatasetCheck, metadata: Metadata) -> Metadata:
    """The form's fields filled from what the file already says (for the Upload page's form)."""
    return replace(check.metadata, **{k: v for k, v in vars(metadata).items() if v})


def shipped_datasets() -> list[Dataset]:
    """The example datasets, read exactly as an upload is (they carry their metadata as columns)."""
    datasets = []
    for path in sorted(SHIPPED_DIR.glob("*.csv")):
        check = read_dataset(path.read_bytes())
        if check.dataset is None or check.problems:
            raise DataError(f"{path.name}: " + "; ".join([*check.missing, *(p.message for p in check.problems)]))
        datasets.append(check.dataset)
    return datasets
