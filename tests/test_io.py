"""Reading CSVs as people save them."""
import pytest

from geo.io import DataError, read_csv_bytes

ROWS = [["country", "iso3"], ["Côte d'Ivoire", "CIV"], ["Namibia", "NA"]]


def encode(delimiter: str, encoding: str) -> bytes:
    return "\n".join(delimiter.join(r) for r in ROWS).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_common_encodings_and_delimiters_read_the_same(encoding, delimiter):
    frame = read_csv_bytes(encode(delimiter, encoding))
    assert frame.columns.tolist() == ["country", "iso3"]
    assert frame["country"].tolist() == ["Côte d'Ivoire", "Namibia"]
    assert frame["iso3"].tolist() == ["CIV", "NA"], "NA is Namibia, not a missing value"


def test_an_empty_file_is_a_plain_error():
    with pytest.raises(DataError, match="empty"):
        read_csv_bytes(b"")


def test_a_binary_file_is_a_plain_error():
    with pytest.raises(DataError, match="binary"):
        read_csv_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)))


def test_a_ragged_table_is_a_plain_error():
    with pytest.raises(DataError, match="as many cells as the header"):
        read_csv_bytes(b"country,iso3\nEgypt,EGY,extra,cells\n")
