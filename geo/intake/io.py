"""Reading the atlas's files: the world geometry and CSVs of any common encoding and delimiter.

Kept apart from validation and joining so a page never reaches into a file format.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
WORLD_PATH = DATA_DIR / "world.geojson"
COUNTRIES_PATH = DATA_DIR / "countries.csv"
VOTES_PATH = DATA_DIR / "un_votes.csv"
VOTE_TOTALS_PATH = DATA_DIR / "un_vote_totals.csv"
INDICATORS_PATH = DATA_DIR / "indicators.csv"
POPULATION_PATH = DATA_DIR / "population.csv"

MAX_ROWS = 200_000
# The first cells of the lines the World Bank's data downloads (API_*.csv) put before the header.
PREAMBLE = frozenset({"Data Source", "Last Updated Date"})
LINE_NUMBERS = "lines"  # DataFrame.attrs key: the file line where each row starts
# The one upload limit. Streamlit's uploader refuses a bigger file in the browser before sending
# it, counting a megabyte as 1,000,000 bytes (outside Windows); server.maxUploadSize in
# .streamlit/config.toml says the same number, and read_csv_bytes checks it again here.
MAX_UPLOAD_MB = 20
MAX_BYTES = MAX_UPLOAD_MB * 1_000_000
DELIMITERS = ",;\t"

# What people upload by mistake, recognised by the first bytes of the file.
_NOT_CSV = (
    (b"PK\x03\x04", "an Excel or OpenDocument workbook (or another zipped file)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"{\\rtf", "a Word/RTF document"),
)
_SAVE_AS_CSV = "In your spreadsheet, use File > Save as > 'CSV UTF-8' and upload that file."
# What people upload by mistake, recognised by the start of its text.
_HTML = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<table[\s>]", re.IGNORECASE)
_XML = re.compile(r"<\?xml\s|<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?/?>")


class DataError(ValueError):
    """A problem with a whole file, worded for the person who supplied it."""


def load_world(path: Path = WORLD_PATH) -> gpd.GeoDataFrame:
    """Countries of the world (one row per ISO3 code, plus a few unnamed territories)."""
    world = gpd.read_file(path)
    world["iso3"] = world["iso3"].fillna("")
    return world


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is zero, as in UTF-16 saved without a BOM."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Control characters (other than tabs and line ends) are not in any table people write."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\x7f"
                   or ch == "\ufffd")
    return controls > max(2, len(sample) // 100)


def decode(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 or Windows-1252 (Latin-1)."""
    for magic, what in _NOT_CSV:
        if data.startswith(magic):
            raise DataError(f"This is {what}, not a CSV file. {_SAVE_AS_CSV}")
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise DataError("The file looks like UTF-16 but is not valid UTF-16. "
                            "Save it again as 'CSV UTF-8'.") from exc
    elif b"\x00" in data[:4096]:
        raise DataError("This looks like a binary file (a spreadsheet or an image?), not a CSV. "
                        + _SAVE_AS_CSV)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise DataError("This does not look like a text file: it is full of control characters. "
                        "Upload a CSV file. " + _SAVE_AS_CSV)
    nul = text.find("\x00")
    if nul >= 0:  # no database stores it, and no table people write holds one
        line = len(re.findall(r"\r\n|\r|\n", text[:nul])) + 1
        raise DataError(f"Line {line}: the file holds a zero byte (NUL), which is not text. Remove "
                        "it, or save the file again as 'CSV UTF-8' from your spreadsheet.")
    return text


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most columns; the Sniffer breaks ties.

    The header decides because data cells may hold commas or semicolons ("NATO; G20").
    """
    first_line = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"), maxsplit=1)[0]
    try:
        widths = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in DELIMITERS}
    except csv.Error as exc:  # one column name longer than the csv module's field limit
        raise DataError(f"Line 1: a column name is longer than {csv.field_size_limit():,} "
                        "characters. The first line must hold the column names, as in the "
                        "template.") from exc
    best = max(widths.values())
    candidates = [d for d in DELIMITERS if widths[d] == best]
    if len(candidates) == 1:
        return candidates[0]
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def markup_kind(text: str) -> str | None:
    """'JSON', 'a web page (HTML)' or 'XML' when the text is one of those rather than a table."""
    start = text.lstrip("\ufeff \t\r\n")[:4096]
    if start[:1] in ("{", "["):
        try:
            json.loads(text)
            return "JSON"
        except ValueError:
            if re.match(r'[\[{]\s*["{\[]', start):  # cut short, or one object per line (JSON Lines)
                return "JSON"
    if start.startswith("<"):
        if _HTML.match(start) or (start.startswith("<!--") and _HTML.search(start)):
            return "a web page (HTML)"
        if (_XML.match(start) or start.startswith("<!--")) and text.rstrip().endswith(">"):
            return "XML"
    return None


class Distinct:
    """A column's distinct values and, per row, which one it holds: an answer per distinct value
    becomes an answer per row by one array lookup. A column of 200,000 rows usually holds a few
    hundred values (countries, stances, dates)."""

    def __init__(self, column: pd.Series) -> None:
        self.rows = column.to_numpy(dtype=object)
        self.codes, distinct = pd.factorize(self.rows, use_na_sentinel=False)
        self.values: list = distinct.tolist()

    def each(self, answers: list, dtype=object) -> np.ndarray:
        """ANSWERS, one per value of self.values, as one per row."""
        if dtype is object:  # an answer that is a tuple stays one element
            mapped = np.empty(len(answers), dtype=object)
            mapped[:] = answers
        else:
            mapped = np.asarray(answers, dtype=dtype)
        return mapped[self.codes] if len(answers) else np.empty(0, dtype=dtype)


def map_distinct(values: pd.Series, text_function: Callable[[str], object]) -> pd.Series:
    """text_function applied to each distinct string of values once, not to every row."""
    distinct = Distinct(values)
    return pd.Series(distinct.each([text_function(text) for text in distinct.values]),
                     index=values.index, name=values.name)


def any_cell(values: pd.Series, pattern: re.Pattern[str], beyond_ascii: bool = False) -> bool:
    """Whether pattern, written for the column's cells joined by NUL, is found: one search in C
    rather than one per cell, for the usual column where there is nothing to fix. A NUL inside a
    cell can only make this say yes when no cell matches, never the other way. BEYOND_ASCII: the
    pattern finds only characters beyond ASCII, so a column of ASCII text is answered at once."""
    joined = "\x00".join(values.tolist())
    if beyond_ascii and joined.isascii():
        return False
    return pattern.search(joined) is not None


def read_csv_text(text: str) -> pd.DataFrame:
    """A CSV as strings only: 'NA' is Namibia and '004' stays '004'.

    Read with the csv module rather than pandas so that a row with more cells than the header is
    reported by its line instead of silently shifting or losing data. The file line on which each
    row starts is kept in frame.attrs[LINE_NUMBERS], so messages can name it.
    """
    if not text.strip():
        raise DataError("The file is empty. Add a header row and at least one data row.")
    kind = markup_kind(text)
    if kind:
        raise DataError(f"This file is {kind}, not a CSV: export the table as CSV (one header row, "
                        "then one row per line, cells separated by commas) and upload that file.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[str]] = []
    lines: list[int] = []
    ragged: list[int] = []
    try:
        header = next(reader)
        if header and header[0].strip().lstrip("\ufeff") in PREAMBLE:  # lines about the data first
            header = next((row for row in reader if "".join(row).strip() and row[0].strip() not in PREAMBLE),
                          header)
        width, first = len(header), reader.line_num + 1
        body = list(reader)  # csv's own loop, in C; asking each row its line costs as much again
        if reader.line_num - first + 1 == len(body):  # no cell ran over a line: row i is on line first + i
            starts: Iterable[int] = range(first, first + len(body))
        else:
            starts = _row_lines(text, reader.dialect.delimiter, first - 1)
        for row, start in zip(body, starts):
            # One join per row rather than a test per cell: the loop runs 200,000 times.
            if not "".join(row).strip():
                continue
            if len(row) != width:
                if len(row) > width:
                    if "".join(row[width:]).strip():
                        ragged.append(start)
                        continue
                    row = row[:width]
                else:
                    row = row + [""] * (width - len(row))
            rows.append(row)
            lines.append(start)
        if len(rows) > MAX_ROWS:
            raise DataError(f"The file has more than {MAX_ROWS:,} rows. Split it into files of "
                            f"at most {MAX_ROWS:,} rows and upload them one after the other.")
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise DataError(f"Line {reader.line_num}: a cell is longer than "
                            f"{csv.field_size_limit():,} characters. Is a quote (\") left open "
                            "before it?") from exc
        raise DataError(f"Line {reader.line_num}: the file could not be read as a table ({exc}). "
                        "Check the quotes on that line.") from exc
    if rows and text.count('"') % 2 and any("\n" in cell for cell in rows[-1]):
        raise DataError(f"Line {lines[-1]}: a quote (\") opens a cell that is never closed, so the "
                        "rest of the file ran into that cell. Close the quote or remove it.")
    if ragged:
        shown = ", ".join(str(n) for n in ragged[:10]) + (" and more" if len(ragged) > 10 else "")
        raise DataError(f"Line{'s' if len(ragged) > 1 else ''} {shown}: more cells than the "
                        f"header's {len(header)}. Check that every row has as many cells as the "
                        "header and that quotes around text with commas are closed.")
    header = [h.strip().lstrip("\ufeff") for h in header]
    if not any(header):
        raise DataError("The first line is empty. It must hold the column names, as in the template.")
    # Spreadsheets save trailing delimiters as nameless columns: name them by position, so they
    # are ignored (or named in a message) like any other column the atlas does not use.
    header = [h or f"(unnamed column {number})" for number, h in enumerate(header, 1)]
    duplicated = sorted(h for h, n in Counter(header).items() if h and n > 1)
    if duplicated:
        raise DataError(f"The header repeats column(s) {', '.join(duplicated)}. Give each column "
                        "one name.")
    if len(header) > len(rows):  # a file may have 10,000 columns and three rows: strip as rows
        frame = pd.DataFrame([[cell.strip() for cell in row] for row in rows], columns=header, dtype=str)
    else:  # or 200,000 rows of a few hundred distinct values: strip each value once
        frame = pd.DataFrame(rows, columns=header, dtype=str)
        frame = frame.apply(lambda col: map_distinct(col, str.strip)) if len(frame.columns) else frame
    frame.attrs[LINE_NUMBERS] = np.array(lines, dtype=np.int64)  # an array: pandas copies attrs often
    return frame


def _row_lines(text: str, delimiter: str, header_end: int) -> list[int]:
    """The line each row after the header starts on, for a file where a quoted cell runs over
    lines: read again, asking the reader its line after each row (the header ends on HEADER_END)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while reader.line_num < header_end and next(reader, None) is not None:
        pass
    lines, previous = [], reader.line_num
    for _ in reader:
        lines.append(previous + 1)
        previous = reader.line_num
    return lines


def read_csv_bytes(data: bytes) -> pd.DataFrame:
    """A CSV file as people save it: any common encoding and delimiter, within the size limit."""
    if len(data) > MAX_BYTES:
        raise DataError(f"The file is {len(data):,} bytes; the limit is {MAX_UPLOAD_MB} MB "
                        f"({MAX_BYTES:,} bytes). Split it into smaller files and upload them one "
                        "after the other.")
    return read_csv_text(decode(data))


def read_csv_path(path: Path) -> pd.DataFrame:
    """A CSV file of the atlas's own data."""
    return read_csv_bytes(Path(path).read_bytes())
