"""Reading CSVs as people save them, and refusing what is not a CSV with a plain sentence."""
import pytest

from geo.io import MAX_BYTES, MAX_ROWS, DataError, read_csv_bytes, read_csv_text

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
