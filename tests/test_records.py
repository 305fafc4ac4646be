"""Validating country records: every problem named once, with its line and the fix."""
import pandas as pd
import pytest

from geo.intake.io import DataError, read_csv_text
from geo.intake.records import validate_records

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


def test_the_tricky_names_of_the_issue_all_match_surely():
    names = ["Türkiye", "Côte d'Ivoire", "Ivory Coast", "Korea, Rep.", "Congo (Brazzaville)",
             "Russian Federation", "Viet Nam", "Czechia", "eSwatini", "Micronesia (Fed. States of)"]
    rows = "".join(f'"{n}",,neutral,,,x,AP,2022-07-2{i % 2},high\n' for i, n in enumerate(names))
    result = check(HEADER + rows)
    assert result.problems == []
    assert result.records["iso3"].tolist() == ["TUR", "CIV", "CIV", "KOR", "COG", "RUS", "VNM",
                                               "CZE", "SWZ", "FSM"]
    assert result.matched == len(names) and result.rejected == 0


def test_codes_alone_match_and_give_the_record_a_name():
    result = check(HEADER + ",TR,treaty_ally,,,x,AP,2022-07-27,high\n"
                            ",792,treaty_ally,,,x,AP,2022-07-28,high\n"
                            ",TUR,treaty_ally,,,x,AP,2022-07-29,high\n")
    assert result.ok
    assert set(result.records["iso3"]) == {"TUR"}
    assert (result.records["country"] != "").all()


def test_every_unmatched_row_is_listed_with_its_line_and_a_suggestion():
    result = check(HEADER + GOOD + "Phillipines,,,,,x,AP,2022-07-27,high\n"
                   + "Atlantis,,,,,x,AP,2022-07-27,high\n" + "Phillipines,,,,,x,AP,2022-07-28,high\n")
    unmatched = result.unmatched()
    assert unmatched["line"].tolist() == [3, 4, 5]
    assert unmatched["suggestion"].tolist()[0] == "Philippines"
    assert [p.line for p in result.problems] == [3, 4, 5]
    assert result.matched == 1 and result.rejected == 3


def test_line_numbers_count_blank_lines_and_cells_over_several_lines():
    text = HEADER + GOOD + "\n" + 'Chad,,,,,"two\nlines",AP,2022-07-27,high\n' + \
        "Egypt,EGY,partner,warm,AU,x,AP,2022-07-28,high\n"
    result = check(text)
    assert [p.line for p in result.problems] == [6]
    assert result.problems[0].message.startswith("Line 6: 'warm'")


@pytest.mark.parametrize("column, value, allowed", [
    ("us_alignment", "friend", "treaty_ally, partner, neutral, rival"),
    ("russia_stance", "warm", "ally, friendly, hedging, distancing, opposed"),
    ("confidence", "sure", "high, medium, low"),
])
def test_each_category_outside_its_vocabulary_names_the_allowed_values(column, value, allowed):
    row = {"country": "Egypt", "iso3": "EGY", "us_alignment": "partner", "russia_stance": "friendly",
           "blocs": "AU", "evidence": "x", "source": "AP", "as_of": "2022-07-27", "confidence": "high"}
    row[column] = value
    result = check(HEADER + ",".join(row.values()) + "\n")
    assert [p.column for p in result.problems] == [column]
    assert f"'{value}'" in result.problems[0].message and allowed in result.problems[0].message


def test_categories_are_read_in_any_case():
    assert check(HEADER + "Egypt,EGY,Partner,FRIENDLY,au,x,AP,2022-07-27,High\n").ok


@pytest.mark.parametrize("date, stored", [("2022-07-27", "2022-07-27"), ("27 July 2022", "2022-07-27"),
                                          ("2022/07/27", "2022-07-27")])
def test_dates_in_common_forms_are_stored_as_iso(date, stored):
    result = check(HEADER + f'Egypt,EGY,partner,friendly,AU,x,AP,"{date}",high\n')
    assert result.ok and result.records.loc[0, "as_of"] == stored


@pytest.mark.parametrize("date", ["2022-13-01", "2022-02-30", "soon", "27/07/22/1"])
def test_impossible_dates_are_reported(date):
    result = check(HEADER + f"Egypt,EGY,partner,friendly,AU,x,AP,{date},high\n")
    assert [p.column for p in result.problems] == ["as_of"]
    assert "YYYY-MM-DD" in result.problems[0].message


def test_duplicates_are_found_whatever_the_spelling_of_the_country():
    result = check(HEADER + GOOD + "Egypt, Arab Rep.,,partner,friendly,AU,x,AP,2022-07-27,high\n"
                   .replace("Egypt, Arab Rep.", '"Egypt, Arab Rep."'))
    assert len(result.problems) == 1 and "already appears on line 2" in result.problems[0].message


def test_one_message_per_problem_even_with_several_in_one_row():
    result = check(HEADER + "Atlantis,,friend,warm,Quadd,,AP,someday,sure\n")
    columns = sorted(p.column for p in result.problems)
    assert columns == sorted(["country", "us_alignment", "russia_stance", "blocs", "evidence",
                              "as_of", "confidence"])
    assert all(p.line == 2 and p.message.startswith("Line 2:") for p in result.problems)


@pytest.mark.parametrize("text, missing", [
    ("country,evidence,as_of,confidence\nEgypt,x,2022-07-27,high\n", "source"),
    ("country,iso3\nEgypt,EGY\n", "evidence, source, as_of"),
    ("country,iso3,evidence,source\nEgypt,EGY,x,AP\n", "as_of"),
])
def test_missing_required_columns_are_named(text, missing):
    with pytest.raises(DataError, match=f"Missing column\\(s\\): {missing}\\. Add them"):
        check(text)


def test_two_columns_meaning_the_same_thing_are_a_plain_error():
    with pytest.raises(DataError, match="both mean 'country'"):
        check("Country,Country Name,evidence,source,as_of,confidence\nEgypt,Egypt,x,AP,2022-07-27,high\n")


def test_columns_outside_the_template_are_ignored_and_named():
    result = check("country,evidence,source,as_of,confidence,GDP\nEgypt,x,AP,2022-07-27,high,1\n")
    assert result.ok and result.ignored_columns == ["GDP"]


def test_an_empty_file_and_a_binary_file_are_plain_errors():
    from geo.intake.io import read_csv_bytes
    with pytest.raises(DataError, match="empty"):
        validate_records(read_csv_bytes(b""))
    with pytest.raises(DataError, match="not a CSV|binary"):
        validate_records(read_csv_bytes(b"PK\x03\x04" + bytes(100)))


def test_a_text_file_that_is_not_a_table_says_which_columns_it_found():
    with pytest.raises(DataError, match="No country column found .*'Dear editor'"):
        check("Dear editor\nplease find attached\n")


def test_formula_cells_exported_safely_come_back_as_written():
    result = check(HEADER + "Egypt,EGY,partner,friendly,AU,'=1+2,'@AP,2022-07-27,high\n")
    assert result.records.loc[0, "evidence"] == "=1+2" and result.records.loc[0, "source"] == "@AP"


@pytest.mark.parametrize("date, stored", [
    ("2022-7-27", "2022-07-27"), ("2022.07.27", "2022-07-27"), ("July 27, 2022", "2022-07-27"),
    ("27-Jul-2022", "2022-07-27"), ("Wed 27 Jul 2022", "2022-07-27"), ("2022-07-27 00:00:00", "2022-07-27"),
    ("2022-07-27T09:30:00Z", "2022-07-27"), ("2014-01-01", "2014-01-01"),
])
def test_iso_and_other_unambiguous_dates_are_accepted(date, stored):
    result = check(HEADER + f'Egypt,EGY,partner,friendly,AU,x,AP,"{date}",high\n')
    assert result.ok, result.problems
    assert result.records.loc[0, "as_of"] == stored


def test_a_date_whose_day_and_month_could_be_swapped_is_refused_with_both_readings():
    result = check(HEADER + GOOD + "Chad,TCD,,,,x,AP,03/04/2022,high\n")
    [problem] = result.problems
    assert problem.line == 3 and problem.column == "as_of"
    assert "'03/04/2022' could be 3 April 2022 or 4 March 2022" in problem.message
    assert "2022-04-03 or 2022-03-04" in problem.message
    assert result.records["iso3"].tolist() == ["EGY"]


@pytest.mark.parametrize("date, fix", [("07/27/2022", "2022-07-27"), ("27/07/2022", "2022-07-27"),
                                       ("27.07.2022", "2022-07-27"), ("7/27/22", "2022-07-27")])
def test_day_month_orders_are_never_guessed_even_when_only_one_reading_is_a_date(date, fix):
    result = check(HEADER + f"Egypt,EGY,partner,friendly,AU,x,AP,{date},high\n")
    [problem] = result.problems
    assert problem.message.startswith(f"Line 2: '{date}'") and f"Write it as {fix}" in problem.message
    assert "YYYY-MM-DD" in problem.message


@pytest.mark.parametrize("date", ["1899-01-01", "2013-12-31", "2099-01-01"])
def test_dates_outside_the_plausible_range_are_refused_and_the_range_is_stated(date):
    from datetime import date as day
    from geo.intake.dates import FIRST_DATE, last_date
    result = check(HEADER + f"Egypt,EGY,partner,friendly,AU,x,AP,{date},high\n")
    [problem] = result.problems
    assert f"'{date}' is outside the dates the atlas takes" in problem.message
    assert f"from {FIRST_DATE.isoformat()} to today ({last_date().isoformat()})" in problem.message
    assert FIRST_DATE == day(2014, 1, 1)


def test_a_month_without_a_day_is_refused():
    result = check(HEADER + "Egypt,EGY,partner,friendly,AU,x,AP,July 2022,high\n")
    assert [p.column for p in result.problems] == ["as_of"]
    assert "YYYY-MM-DD" in result.problems[0].message


@pytest.mark.parametrize("left_out", ["confidence", "note", "blocs", "us_alignment", "russia_stance"])
def test_a_template_shaped_file_without_an_optional_column_is_accepted_with_its_default(left_out):
    from geo.intake.records import COLUMN_DEFAULTS
    columns = ["country", "iso3", "us_alignment", "russia_stance", "blocs", "evidence", "source",
               "as_of", "confidence", "note"]
    values = ["Egypt", "EGY", "partner", "friendly", "AU", "x", "AP", "2022-07-27", "high", "a note"]
    kept = [i for i, c in enumerate(columns) if c != left_out]
    text = ",".join(columns[i] for i in kept) + "\n" + ",".join(values[i] for i in kept) + "\n"
    result = check(text)
    assert result.ok, result.problems
    assert result.records.loc[0, left_out] == COLUMN_DEFAULTS[left_out]
    assert result.defaulted == {left_out: COLUMN_DEFAULTS[left_out]}


def test_a_missing_confidence_becomes_medium_and_empty_confidence_cells_too():
    result = check("country,evidence,source,as_of\nEgypt,x,AP,2022-07-27\n")
    assert result.ok and result.records.loc[0, "confidence"] == "medium"
    result = check(HEADER + GOOD + "Chad,TCD,,,,x,AP,2022-07-27,\n")
    assert result.ok and result.records["confidence"].tolist() == ["high", "medium"]
    assert result.defaulted["confidence"] == "medium"


def test_guessed_and_ambiguous_names_are_matched_but_marked_for_a_person_to_accept():
    result = check(HEADER + "Brazill,,partner,friendly,,x,AP,2022-07-27,high\n"
                   + "Korea,,treaty_ally,distancing,,x,AP,2022-07-27,high\n"
                   + "Egypt,,partner,friendly,AU,x,AP,2022-07-27,high\n"
                   + "Korea,PRK,rival,ally,,x,AP,2022-07-28,high\n")
    assert result.ok, result.problems
    unsure = result.unsure()
    assert unsure["line"].tolist() == [2, 3]
    assert unsure["how"].tolist() == ["fuzzy", "ambiguous"]
    assert unsure["matched_name"].tolist() == ["Brazil", "South Korea"]
    assert unsure["alternatives"].tolist() == ["", "South Korea (KOR), North Korea (PRK)"]
    assert result.records["iso3"].tolist() == ["BRA", "KOR", "EGY", "PRK"], "a code settles the name"


def test_a_name_that_names_several_countries_is_a_problem_listing_them():
    result = check(HEADER + '"Brazil and Argentina",,partner,,,x,AP,2022-07-27,high\n')
    [problem] = result.problems
    assert "'Brazil and Argentina' could be Argentina (ARG) or Brazil (BRA)" in problem.message
    assert "one country per row" in problem.message


def test_a_direction_control_in_a_cell_is_refused_so_ecnarf_cannot_pose_as_france():
    result = check(HEADER + "\u202eecnarF,FRA,treaty_ally,opposed,NATO,x,AP,2022-07-27,high\n"
                   + "Chad,TCD,partner,friendly,AU,said \u2067yes\u2069,AP,2022-07-27,high\n" + GOOD)
    assert [(p.line, p.column) for p in result.problems] == [(2, "country"), (3, "evidence")]
    assert "invisible direction control (U+202E)" in result.problems[0].message
    assert "Delete it" in result.problems[0].message
    assert result.records["iso3"].tolist() == ["EGY"]


def test_a_direction_control_inside_a_name_or_code_gets_one_message_not_two():
    result = check(HEADER + "Fr\u202eance,,treaty_ally,opposed,NATO,x,AP,2022-07-27,high\n"
                   + ",FR\u202eA,treaty_ally,opposed,NATO,x,AP,2022-07-28,high\n"
                   + "Chad,T\u2067CD,partner,friendly,AU,x,AP,2022-07-27,high\n" + GOOD)
    assert [(p.line, p.column) for p in result.problems] == [(2, "country"), (3, "iso3"), (4, "iso3")]
    assert all("invisible direction control" in p.message for p in result.problems)
    assert result.records["iso3"].tolist() == ["EGY"]


def test_invisible_and_look_alike_letters_are_named_in_the_message():
    result = check(HEADER + "Fr\u200bance,,,,,x,AP,2022-07-27,high\n"
                   + "Fr\u0430nce,,,,,x,AP,2022-07-28,high\n"
                   + ",FR\u200bA,,,,x,AP,2022-07-29,high\n")
    messages = [p.message for p in result.problems]
    assert messages[0].startswith("Line 2: 'Fr[U+200B]ance' is not a country we recognise: it holds "
                                  "the invisible character [U+200B] (zero width space).")
    assert "Did you mean 'France'?" in messages[0]
    assert "its letter '\u0430' (3rd) is Cyrillic, not Latin" in messages[1]
    assert messages[2].startswith("Line 4: 'FR[U+200B]A' is not a country code: it holds the "
                                  "invisible character [U+200B]") and "Did you mean 'FRA'?" in messages[2]
    assert all("\u200b" not in m for m in messages)


def test_invisible_characters_at_the_ends_of_a_country_or_code_are_removed_and_noted():
    result = check(HEADER + "\u200bFrance\ufeff,,,,,x,AP,2022-07-27,high\n"
                   + ",FRA\u200b,,,,x,AP,2022-07-28,high\n" + "Peru,,,,,x,AP,2022-07-28,high\n")
    assert result.ok, result.problems
    assert result.records["country"].tolist() == ["France", "France", "Peru"]
    assert result.records["iso3"].tolist() == ["FRA", "FRA", "PER"]
    assert result.stripped_lines == [2, 3]


def test_a_name_and_code_that_disagree_are_only_a_conflict():
    result = check(HEADER + "France,DEU,,,,x,AP,2022-07-27,high\n")
    assert [p.message for p in result.problems] == [
        "Line 2: the name 'France' is France (FRA) but the code says DEU. Correct one of them."]
    assert result.unmatched().empty, "not also 'names no country we recognise'"


def test_a_region_is_named_a_group_of_countries_not_a_misspelt_country():
    result = check(HEADER + GOOD + "Sub-Saharan Africa,,partner,friendly,AU,x,AP,2022-07-27,high\n")
    assert [p.message for p in result.problems] == [
        "Line 3: 'Sub-Saharan Africa' is a group of countries (regions, income groups), not a country; "
        "its row is left out."]
    assert result.records["iso3"].tolist() == ["EGY"]
