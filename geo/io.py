"""Reading the atlas's files: the world geometry and CSVs of any common encoding and delimiter.

Kept apart from validation and joining so a page never reaches into a file format.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
WORLD_PATH = DATA_DIR / "world.geojson"
COUNTRIES_PATH = DATA_DIR / "countries.csv"
VOTES_PATH = DATA_DIR / "un_votes.csv"

MAX_ROWS = 200_000
LINE_NUMBERS = "line_numbers"  # DataFrame.attrs key: where each row starts in the file


class DataError(ValueError):
    """A problem with a whole file, worded for the person who supplied it."""


def load_world(path: Path = WORLD_PATH) -> gpd.GeoDataFrame:
    """Countries of the world (one row per ISO3 code, plus a few unnamed territories)."""
    world = gpd.read_file(path)
    world["iso3"] = world["iso3"].fillna("")
    return world


def decode(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DataError("The file says it is UTF-16 but is not valid UTF-16. "
                            "Save it again as 'CSV UTF-8'.") from exc
    if b"\x00" in data[:4096]:
        raise DataError("This looks like a binary file (a spreadsheet or an image?), not a CSV. "
                        "Export it as 'CSV UTF-8' and upload that.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.split("\n", 1)[0].count(d) for d in ",;\t"}
        return max(counts, key=counts.get)


def read_csv_text(text: str) -> pd.DataFrame:
    """A CSV as strings only: 'NA' is Namibia and '004' stays '004'.

    Read with the csv module rather than pandas so that a row with more cells than the header is
    reported by its line instead of silently shifting or losing data.
    """
    if not text.strip():
        raise DataError("The file is empty. Add a header row and at least one data row.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
        rows, lines, last = [], [], reader.line_num
        for row in reader:
            first, last = last + 1, reader.line_num  # a quoted cell may span several lines
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise DataError(f"Line {reader.line_num} has {len(row)} cells but the header has "
                                f"{len(header)}. Check that every row has as many cells as the "
                                "header and that quotes around text with commas are closed.")
            rows.append(row + [""] * (len(header) - len(row)))
            lines.append(first)
            if len(rows) > MAX_ROWS:
                raise DataError(f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files.")
    except csv.Error as exc:
        raise DataError(f"The file could not be read as a table ({exc}). Check its quotes.") from exc
    header = [h.strip() for h in header]
    if not any(header):
        raise DataError("The first line is empty. It must hold the column names, as in the template.")
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise DataError(f"The header repeats column(s) {', '.join(duplicated)}. Give each column "
                        "one name.")
    frame = pd.DataFrame(rows, columns=header, dtype=str).apply(lambda col: col.str.strip())
    frame.attrs[LINE_NUMBERS] = lines  # the file line of each row: blank lines are skipped
    return frame


def read_csv_bytes(data: bytes) -> pd.DataFrame:
    return read_csv_text(decode(data))


def read_csv_path(path: Path) -> pd.DataFrame:
    return read_csv_bytes(Path(path).read_bytes())
