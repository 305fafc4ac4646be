"""Whatever bytes arrive, the reader and the validator answer with a plain DataError or a result."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.intake.io import DataError, read_csv_bytes
from geo.intake.records import RecordCheck, validate_records
from geo.vocab import RECORD_COLUMNS

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_and_validate(data: bytes) -> RecordCheck | DataError:
    try:
        return validate_records(read_csv_bytes(data))
    except DataError as error:
        assert str(error) and "Traceback" not in str(error)
        return error


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_but_a_data_error(data):
    read_and_validate(data)


cell = st.text(alphabet=string.printable + "éüÇ’\u2028<>&;\t\"", max_size=20)
header = st.lists(st.sampled_from([*RECORD_COLUMNS, "Country Name", "ISO3", "Date", "x", ""]),
                  min_size=1, max_size=12)


@SETTINGS
@given(header, st.lists(st.lists(cell, max_size=12), max_size=8),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_tables_give_problems_with_lines_or_one_plain_error(columns, rows, delimiter, encoding):
    text = "\n".join(delimiter.join(row) for row in [columns, *rows])
    result = read_and_validate(text.encode(encoding, errors="replace"))
    if isinstance(result, RecordCheck):
        assert len(result.records) + result.rejected == result.rows
        for problem in result.problems:
            assert problem.line is not None and problem.message.startswith(f"Line {problem.line}:")


def test_nameless_and_same_named_unused_columns_are_ignored_not_fatal():
    """Found by the property test above: two blank header cells (a spreadsheet's trailing commas)."""
    text = "country,russia_stance,us_alignment,evidence,source,as_of,confidence,Remark,remark,,\nEgypt,hedging,partner,e,s,2022-07-24,high,a,b,,\n"
    result = read_and_validate(text.encode())
    assert isinstance(result, RecordCheck), result
    assert len(result.records) == 1 and result.problems == []
    assert "(unnamed column 10)" in result.ignored_columns
