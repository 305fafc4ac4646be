"""Reading CSVs as people save them, and refusing what is not a CSV with a plain sentence."""
import pandas as pd
import pytest

import csv
import re
import tomllib
from pathlib import Path

from geo.intake.io import MAX_BYTES, MAX_ROWS, MAX_UPLOAD_MB, DataError, read_csv_bytes, read_csv_text

ROWS = [["country", "iso3"], ["Côte d'Ivoire", "CIV"], ["Namibia", "NA"]]


def encode(delimiter: str, encoding: str) -> bytes:
    return "\n".join(delimiter.join(r) for r in ROWS).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_common_encodings_and_delimiters_read_the_same(encoding, delimiter):
    frame = read_csv_bytes(encode(delimiter, encoding))
    assert frame.columns.tolist() == ["country", "iso3"]
    assert frame["country"].tolist() == ["Côte d'Ivoire", "Namibia"]
    assert frame["iso3"].tolist() == ["CIV", "NA"], "NA is Namibia, not a missing value"


def test_windows_line_ends_and_excel_quotes_are_read():
    data = b'country,evidence\r\n"Turkey","He said ""no"", then, ""yes"""\r\n'
    frame = read_csv_bytes(data)
    assert frame.loc[0, "evidence"] == 'He said "no", then, "yes"'


def test_the_header_decides_the_delimiter_even_when_cells_hold_semicolons():
    text = "country,blocs\nTurkey,NATO; G20\nIndia,Quad; G20; BRICS; SCO\n"
    assert read_csv_text(text)["blocs"].tolist() == ["NATO; G20", "Quad; G20; BRICS; SCO"]


def test_each_row_remembers_its_line_in_the_file():
    text = 'country,evidence\nTurkey,x\n\nEgypt,"two\nlines"\nIndia,y\n'
    frame = read_csv_text(text)
    assert frame["country"].tolist() == ["Turkey", "Egypt", "India"]
    assert frame.attrs["lines"].tolist() == [2, 4, 6]


def test_trailing_empty_cells_from_a_spreadsheet_are_ignored():
    frame = read_csv_text("country,iso3\nEgypt,EGY,,,\n")
    assert frame.columns.tolist() == ["country", "iso3"] and frame.loc[0, "iso3"] == "EGY"


def test_an_empty_file_is_a_plain_error():
    with pytest.raises(DataError, match="The file is empty"):
        read_csv_bytes(b"")
    with pytest.raises(DataError, match="The file is empty"):
        read_csv_bytes(b"  \r\n\n ")


@pytest.mark.parametrize("data, what", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "Excel or OpenDocument workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel workbook"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(32), "JPEG image"),
    (b"\x1f\x8b\x08\x00" + bytes(32), "gzip"),
])
def test_files_that_are_not_csv_say_what_they_are_and_how_to_fix_it(data, what):
    with pytest.raises(DataError, match=what) as error:
        read_csv_bytes(data)
    assert "Save as" in str(error.value) and "CSV UTF-8" in str(error.value)


def test_a_binary_file_is_a_plain_error():
    with pytest.raises(DataError, match="binary|control characters"):
        read_csv_bytes(b"\x01\x02garbage\x00\x00" + bytes(range(256)))
    with pytest.raises(DataError, match="control characters"):
        read_csv_bytes(bytes(range(1, 32)) * 50)


def test_a_ragged_table_names_every_line_with_too_many_cells():
    with pytest.raises(DataError, match="Lines 2, 4: more cells than the header's 2"):
        read_csv_bytes(b"country,iso3\nEgypt,EGY,extra\nIndia,IND\nChad,TCD,x,y\n")


def test_an_unclosed_quote_is_a_plain_error_with_its_line():
    text = 'country,evidence\nEgypt,"never closed\n' + "x" * 200_000
    with pytest.raises(DataError, match=r"Line \d+: .*quote"):
        read_csv_text(text)


def test_a_quote_never_closed_is_a_plain_error_instead_of_swallowing_the_file():
    with pytest.raises(DataError, match="Line 2: a quote .* never closed"):
        read_csv_text('country,evidence\nEgypt,"open\nIndia,x\nChad,y\n')


def test_a_lone_inch_mark_inside_an_unquoted_cell_is_fine():
    assert read_csv_text('country,evidence\nEgypt,a 5" screen\n').loc[0, "evidence"] == 'a 5" screen'


def test_a_repeated_header_is_a_plain_error():
    with pytest.raises(DataError, match="repeats column"):
        read_csv_text("country,country\nEgypt,Egypt\n")


def test_an_empty_header_line_is_a_plain_error():
    with pytest.raises(DataError, match="first line is empty"):
        read_csv_text(",,\nEgypt,EGY,x\n")


def test_too_many_rows_is_a_plain_error():
    text = "country\n" + "Egypt\n" * (MAX_ROWS + 1)
    with pytest.raises(DataError, match=f"more than {MAX_ROWS:,} rows"):
        read_csv_text(text)


def test_too_large_a_file_is_a_plain_error():
    with pytest.raises(DataError, match="the limit is 20 MB"):
        read_csv_bytes(b"country\n" + b"x" * MAX_BYTES)


def test_the_size_limit_is_one_number_in_the_units_the_uploader_counts():
    """Streamlit's uploader counts a megabyte as 1,000,000 bytes in the browser (outside Windows)
    and the config's server.maxUploadSize is in MB: the three agree."""
    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert MAX_BYTES == MAX_UPLOAD_MB * 1_000_000
    row = b"x" * 399 + b"\n"
    body = b"country\n" + row * (MAX_BYTES // len(row) - 1)
    exactly = body + b"y" * (MAX_BYTES - len(body))
    assert len(exactly) == MAX_BYTES
    assert len(read_csv_bytes(exactly)) == MAX_BYTES // len(row), "a file of exactly the limit is read"
    with pytest.raises(DataError, match="20,000,001 bytes; the limit is 20 MB \\(20,000,000 bytes\\)"):
        read_csv_bytes(exactly + b"y")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_nul_byte_anywhere_in_the_file_is_a_plain_error_with_its_line(encoding):
    rows = "".join(f"Egypt,row {n}\n" for n in range(2, 2000))
    text = "country,evidence\n" + rows + "Chad,a\x00b\n"
    assert len(text.encode(encoding)) > 16_384, "well past the first 4 KB"
    with pytest.raises(DataError, match="Line 2000: .*zero byte"):
        read_csv_bytes(text.encode(encoding))


def test_a_header_longer_than_the_csv_field_limit_is_a_plain_error():
    limit = csv.field_size_limit()
    with pytest.raises(DataError, match=f"Line 1: .*longer than {limit:,} characters"):
        read_csv_text("country" + "x" * (limit + 10) + ",iso3\nEgypt,EGY\n")
    with pytest.raises(DataError, match="Line 1: "):
        read_csv_text('"' + "y" * (limit + 10) + '"\nEgypt\n')


@pytest.mark.parametrize("text, kind", [
    ('[{"country": "France", "iso3": "FRA"}]', "JSON"),
    ('{"records": [{"country": "France"}]}\n', "JSON"),
    ('{"country": "France"}\n{"country": "Peru"}\n', "JSON"),
    ("<!DOCTYPE html>\n<html><body><table><tr><td>France</td></tr></table></body></html>",
     "a web page (HTML)"),
    ("<html>\n<p>country,iso3</p>\n<p>France,FRA</p>\n</html>\n", "a web page (HTML)"),
    ('<?xml version="1.0"?>\n<rows><row country="France"/></rows>\n', "XML"),
    ("<rows>\n  <row><country>France</country></row>\n</rows>\n", "XML"),
])
def test_json_html_and_xml_named_csv_are_told_what_they_are(text, kind):
    with pytest.raises(DataError) as error:
        read_csv_bytes(text.encode())
    assert str(error.value).startswith(f"This file is {kind}, not a CSV: export the table as CSV")


@pytest.mark.parametrize("text", ["[country],iso3\nFrance,FRA\n", "<b>country</b>,iso3\nFrance,FRA\n",
                                  "{note},country\nx,France\n"])
def test_a_csv_whose_header_starts_like_markup_is_still_a_csv(text):
    assert read_csv_text(text).iloc[0].tolist()[-1] in ("FRA", "France")


def test_lines_are_counted_after_a_preamble_when_a_cell_runs_over_lines():
    text = ('"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n'
            'country,evidence\nTurkey,x\nEgypt,"two\nlines"\n\nIndia,y\n')
    frame = read_csv_text(text)
    assert frame["country"].tolist() == ["Turkey", "Egypt", "India"]
    assert frame.attrs["lines"].tolist() == [6, 7, 10]


def test_a_column_is_searched_cell_by_cell_as_one_text():
    from geo.intake.io import any_cell
    starts_with_quote = re.compile(r"(?:^|\x00)'=")
    assert any_cell(pd.Series(["plain", "'=1+2"]), starts_with_quote)
    assert any_cell(pd.Series(["'=1+2", "plain"]), starts_with_quote)
    assert not any_cell(pd.Series(["a '=1", "b"]), starts_with_quote)  # not at a cell's start
    control = re.compile("[\u202a-\u202e]")
    assert any_cell(pd.Series(["France", "ecnarF\u202e"]), control, beyond_ascii=True)
    assert not any_cell(pd.Series(["France", "Egypt"]), control, beyond_ascii=True)
