"""Validating country records: every problem named once, with its line and the fix."""
import pandas as pd
import pytest

from geo.io import DataError, read_csv_text
from geo.records import validate_records

HEADER = "country,iso3,us_alignment,russia_stance,blocs,evidence,source,as_of,confidence\n"
GOOD = "Egypt,EGY,partner,friendly,AU,Welcomed Lavrov,AP,2022-07-27,high\n"


def check(text: str):
    return validate_records(read_csv_text(text))


def test_a_good_row_passes_and_gets_its_code():
    result = check(HEADER + GOOD)
    assert result.ok
    assert result.records.loc[0, "iso3"] == "EGY"


def test_a_name_without_a_code_is_matched():
    result = check(HEADER + "Türkiye,,treaty_ally,hedging,NATO,Met Putin,AP,2022-07-27,high\n")
    assert result.ok
    assert result.records.loc[0, "iso3"] == "TUR"


def test_a_stance_outside_the_vocabulary_names_the_allowed_values():
    result = check(HEADER + "Egypt,EGY,partner,warm,AU,x,AP,2022-07-27,high\n")
    assert len(result.problems) == 1
    message = result.problems[0].message
    assert "Line 2" in message and "'warm'" in message
    assert "ally, friendly, hedging, distancing, opposed" in message
    assert result.records.empty


def test_an_unknown_country_is_reported_with_a_suggestion():
    result = check(HEADER + "Phillipines,,treaty_ally,distancing,,x,AP,2022-07-27,high\n")
    assert [p.line for p in result.problems] == [2]
    assert "Did you mean 'Philippines'?" in result.problems[0].message


def test_a_name_and_code_that_disagree_are_reported():
    result = check(HEADER + "Egypt,TUR,partner,friendly,AU,x,AP,2022-07-27,high\n")
    assert "Egypt" in result.problems[0].message and "TUR" in result.problems[0].message


def test_a_bad_date_is_reported():
    result = check(HEADER + "Egypt,EGY,partner,friendly,AU,x,AP,last July,high\n")
    assert "'last July' is not a date" in result.problems[0].message


def test_duplicates_of_country_and_date_point_at_the_first_row():
    result = check(HEADER + GOOD + GOOD)
    assert len(result.problems) == 1
    assert "Line 3" in result.problems[0].message and "line 2" in result.problems[0].message
    assert len(result.records) == 1


def test_empty_required_fields_are_reported():
    result = check(HEADER + "Egypt,EGY,partner,friendly,AU,,AP,2022-07-27,high\n")
    assert "'evidence' is empty" in result.problems[0].message


def test_an_unknown_bloc_is_reported():
    result = check(HEADER + "Egypt,EGY,partner,friendly,Quadd,x,AP,2022-07-27,high\n")
    assert "Quadd" in result.problems[0].message


def test_good_rows_survive_beside_bad_ones():
    result = check(HEADER + GOOD + "Atlantis,,partner,friendly,,x,AP,2022-07-27,high\n")
    assert len(result.problems) == 1
    assert result.records["iso3"].tolist() == ["EGY"]


def test_loose_headers_are_understood():
    text = ("Country Name;ISO_A3;Alignment;Stance;Blocs;Evidence;Source;Date;Confidence\n"
            "Egypt;EGY;partner;friendly;AU;x;AP;2022-07-27;high\n")
    assert check(text).ok


def test_a_header_only_file_is_a_plain_error():
    with pytest.raises(DataError, match="no data rows"):
        check(HEADER)


def test_a_file_without_a_country_column_is_a_plain_error():
    with pytest.raises(DataError, match="No country column"):
        validate_records(pd.DataFrame({"colour": ["red"]}))
