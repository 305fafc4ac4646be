"""Validating trips, and the shipped data/trips.csv keeping the reference's flags."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.travels.gazetteer import resolve_city
from geo.intake.io import DataError, read_csv_text
from geo.travels.trips import NO_CONFIDENCE_NOTE, TRIPS_PATH, load_trips, validate_trips
from geo.vocab import TRIP_COLUMNS, TRIP_CONFIDENCE

HEADER = "traveller,date_start,date_end,city,country,iso3,lat,lon,event,source,confidence\n"
CAIRO = "lavrov,2022-07-23,2022-07-24,Cairo,Egypt,EGY,30.0444,31.2357,Met el-Sisi,AP,confirmed\n"


def check(text: str):
    return validate_trips(read_csv_text(text))


def messages(result) -> list[str]:
    return [p.message for p in result.problems]


def test_a_good_row_passes_typed_and_with_its_line():
    result = check(HEADER + CAIRO)
    assert result.ok
    row = result.trips.iloc[0]
    assert (row["traveller"], row["iso3"], row["line"]) == ("lavrov", "EGY", 2)
    assert row["lat"] == pytest.approx(30.0444)
    assert str(row["date_end"].date()) == "2022-07-24"


def test_an_unknown_traveller_names_the_allowed_ones():
    result = check(HEADER + CAIRO.replace("lavrov", "Shoigu", 1))
    assert messages(result) == ["Line 2: 'shoigu' is not an allowed traveller. Use one of: lavrov, putin."]
    assert result.trips.empty


def test_travellers_may_be_written_as_people_write_them():
    result = check(HEADER + CAIRO.replace("lavrov", "Sergei Lavrov", 1)
                   + CAIRO.replace("lavrov", "PUTIN", 1))
    assert result.ok
    assert result.trips["traveller"].tolist() == ["lavrov", "putin"]


def test_bad_dates_are_reported_by_line_and_column():
    result = check(HEADER + CAIRO.replace("2022-07-23", "last July")
                   + CAIRO.replace("2022-07-24", "2022-07-20"))
    assert messages(result) == [
        "Line 2: 'last July' is not a date. Write it as YYYY-MM-DD, e.g. 2022-07-27.",
        "Line 3: the stop ends (2022-07-20) before it starts (2022-07-23). Swap the two dates.",
    ]
    assert [p.column for p in result.problems] == ["date_start", "date_end"]


def test_a_year_far_outside_the_atlas_is_a_typing_mistake():
    result = check(HEADER + CAIRO.replace("2022-07-23", "1922-07-23"))
    assert messages(result) == ["Line 2: 1922-07-23 is outside the years the atlas covers (1992-2035). "
                                "Check the year."]


def test_an_empty_end_date_means_a_one_day_stop():
    result = check(HEADER + CAIRO.replace("2022-07-24", ""))
    assert result.trips.iloc[0]["date_end"] == result.trips.iloc[0]["date_start"]


def test_a_confidence_outside_the_vocabulary_is_refused():
    result = check(HEADER + CAIRO.replace("confirmed", "probably"))
    assert "'probably' is not an allowed confidence" in messages(result)[0]
    assert ", ".join(TRIP_CONFIDENCE.values) in messages(result)[0]


def test_a_stop_without_confidence_is_kept_as_unverified_and_says_so():
    result = check(HEADER + CAIRO.replace(",confirmed", ","))
    row = result.trips.iloc[0]
    assert row["confidence"] == "unverified"
    assert row["confidence_note"] == NO_CONFIDENCE_NOTE


def test_coordinates_off_the_earth_or_half_given_are_reported():
    result = check(HEADER + CAIRO.replace("30.0444", "300")
                   + CAIRO.replace("31.2357", "").replace("07-23", "08-23").replace("07-24", "08-24")
                   + CAIRO.replace("30.0444", "north").replace("07-23", "09-23").replace("07-24", "09-24"))
    assert [p.line for p in result.problems] == [2, 3, 4]
    assert "is not on Earth" in messages(result)[0]
    assert "must both be numbers" in messages(result)[1]


def test_a_city_without_coordinates_is_located_offline_and_the_lookup_is_listed():
    result = check(HEADER + "putin,2022-09-15,2022-09-16,Samarkand,Uzbekistan,,,,SCO,TASS,confirmed\n")
    assert result.ok
    row = result.trips.iloc[0]
    assert (row["lat"], row["lon"]) == pytest.approx((39.65, 66.96), abs=0.05)
    assert row["iso3"] == "UZB"
    assert "Samarkand" in result.located[0].message and result.located[0].line == 2


def test_an_unknown_city_is_reported_with_suggestions_never_dropped_in_silence():
    result = check(HEADER + CAIRO + "lavrov,2022-07-25,,Kampla,Uganda,,,,x,AP,confirmed\n")
    assert len(result.trips) == 1
    (problem,) = result.problems
    assert problem.line == 3 and problem.column == "city"
    assert "'Kampla' was not found among the towns of Uganda" in problem.message
    assert "Did you mean 'Kampala'" in problem.message
    assert "give lat and lon" in problem.message


def test_an_unknown_country_is_reported_with_a_suggestion():
    result = check(HEADER + "lavrov,2022-07-25,,Kampala,Ugnda,,,,x,AP,confirmed\n")
    assert "'Ugnda' is not a country we recognise" in messages(result)[0]


def test_a_stop_in_russia_must_say_it_is_not_abroad():
    sochi = "putin,2022-08-05,,Sochi,Russia,RUS,43.6,39.73,Hosted Erdogan,Sputnik,{}\n"
    assert "Set its confidence to not_abroad" in messages(check(HEADER + sochi.format("confirmed")))[0]
    assert check(HEADER + sochi.format("not_abroad")).ok


def test_the_same_stop_twice_points_at_the_first():
    result = check(HEADER + CAIRO + CAIRO)
    assert messages(result) == ["Line 3: the same stop (lavrov, Cairo, 2022-07-23) is already on line 2. "
                                "Keep one."]
    assert len(result.trips) == 1


def test_problems_name_the_files_own_lines_even_after_blank_lines_and_multi_line_cells():
    text = (HEADER + CAIRO + "\n\n"
            + CAIRO.replace("2022-07-23", "2022-13-01")  # line 5
            + CAIRO.replace("Met el-Sisi", '"Met\nel-Sisi"').replace("-07-", "-08-")  # lines 6-7
            + CAIRO)  # line 8, the same stop as line 2
    result = check(text)
    assert [p.line for p in result.problems] == [5, 8]
    assert messages(result)[0].startswith("Line 5: '2022-13-01' is not a date")
    assert "already on line 2" in messages(result)[1]
    assert result.trips["line"].tolist() == [2, 6]


def test_loose_headers_are_understood():
    text = ("Traveler;Start;End;Town;Country;Latitude;Longitude;Source\n"
            "Lavrov;2022-07-23;2022-07-24;Cairo;Egypt;30.04;31.24;AP\n")
    assert check(text).ok


@pytest.mark.parametrize("text, fragment", [
    ("traveller,date_start\nlavrov,2022-07-23\n", "Missing column(s): city, source, country (or iso3)"),
    (HEADER, "no data rows"),
    ("traveller,date_start,city,country,source,lat\nlavrov,2022-07-23,Cairo,Egypt,AP,30\n", "only one of lat and lon"),
])
def test_files_that_cannot_be_used_at_all_get_one_plain_sentence(text, fragment):
    with pytest.raises(DataError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        check(text)


# --- the shipped file -----------------------------------------------------------------------

SHIPPED = load_trips()
BY_PLACE = {(r.traveller, r.iso3, str(r.date_start.date())): r for r in SHIPPED.trips.itertuples()}


def test_the_shipped_trips_are_valid_and_sourced():
    assert SHIPPED.problems == []
    assert list(SHIPPED.trips.columns) == [*TRIP_COLUMNS, "line"]
    assert len(SHIPPED.trips) == 35
    assert SHIPPED.trips["source"].ne("").all()


@pytest.mark.parametrize("key, confidence, why", [
    (("lavrov", "OMN", "2022-05-11"), "unverified", "no source for this visit"),
    (("lavrov", "ARM", "2022-11-22"), "unverified", "TASS says only"),
    (("lavrov", "COG", "2022-07-25"), "uncertain_place", "Brazzaville"),
    (("putin", "RUS", "2022-08-05"), "not_abroad", "not a trip abroad"),
    (("lavrov", "SRB", "2022-06-06"), "cancelled", "closed their airspace"),
    (("lavrov", "BHR", "2022-05-30"), "conflicting_dates", "30 or 31 May"),
    (("lavrov", "MNG", "2022-07-05"), "conflicting_dates", "arrival date"),
    (("lavrov", "USA", "2022-09-21"), "conflicting_dates", "approximate"),
    (("putin", "KGZ", "2022-12-09"), "conflicting_dates", "8 December"),
    (("lavrov", "UGA", "2022-07-25"), "confirmed", "Entebbe"),
])
def test_the_references_flags_are_kept_with_the_reason(key, confidence, why):
    row = BY_PLACE[key]
    assert row.confidence == confidence
    assert why in row.confidence_note


def test_counterparts_come_from_the_event_text_or_stay_empty():
    for row in SHIPPED.trips.itertuples():
        for part in filter(str.strip, row.counterparts.split(";")):
            name = part.split("(")[0].split()[-1]  # "President el-Sisi" -> "el-Sisi"
            if name[:1].isupper():  # a person or body, not "foreign ministers"
                assert name in row.event, (row.city, name)
    assert BY_PLACE[("lavrov", "OMN", "2022-05-11")].counterparts == ""
    assert "Museveni" in BY_PLACE[("lavrov", "UGA", "2022-07-25")].counterparts


def test_the_visits_the_article_names_cite_it():
    from geo.intake.sources import ARTICLE as article
    for key in [("lavrov", "UGA", "2022-07-25"), ("lavrov", "EGY", "2022-07-23"),
                ("lavrov", "IDN", "2022-07-07"), ("putin", "IRN", "2022-07-19")]:
        assert article in BY_PLACE[key].source


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "trips_2022.csv"


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is not checked out here")
def test_the_shipped_file_is_what_the_build_script_makes_from_the_reference():
    from scripts.build_trips import build_rows
    with REFERENCE.open(newline="") as f:
        rows = build_rows(list(csv.DictReader(f)))
    with TRIPS_PATH.open(newline="") as f:
        assert list(csv.DictReader(f)) == rows


def test_the_shipped_coordinates_are_near_the_gazetteers_towns():
    for row in SHIPPED.trips.itertuples():
        found = resolve_city(row.city, row.iso3)
        if found.place is not None:  # Nusa Dua is below the gazetteer's 5,000 people
            assert abs(found.place.lat - row.lat) < 0.1 and abs(found.place.lon - row.lon) < 0.1, row.city


def test_a_misspelt_country_is_drawn_but_listed_as_a_guess_to_check():
    result = check(HEADER + CAIRO.replace(",Egypt,EGY,", ",Egyptt,,") + "\n")
    assert result.ok and list(result.trips["iso3"]) == ["EGY"]
    assert [g.line for g in result.guessed] == [2]
    assert "'Egyptt' was read as Egypt (EGY), a guess" in result.guessed[0].message


def test_an_exact_name_or_a_code_is_no_guess():
    assert check(HEADER + CAIRO).guessed == []
    assert check(HEADER + CAIRO.replace(",Egypt,EGY,", ",Egyptt,EGY,")).guessed == []


def test_a_name_that_could_be_several_countries_is_refused_with_the_alternatives():
    result = check(HEADER + "lavrov,2022-07-25,,Brazzaville,Congo,,-4.27,15.28,Talks,AP,confirmed\n")
    assert result.trips.empty and result.guessed == []
    assert messages(result)[0].startswith("Line 2: 'Congo' could be one of: ")
    assert "(COG)" in messages(result)[0] and "(COD)" in messages(result)[0]


def test_a_guess_on_a_row_refused_for_another_reason_is_not_listed_as_drawn():
    result = check(HEADER + CAIRO.replace(",Egypt,EGY,", ",Egyptt,,").replace("2022-07-24", "2022-07-20"))
    assert result.trips.empty and result.guessed == []


def test_an_invisible_direction_control_is_refused_so_text_reads_as_typed():
    result = check(HEADER + CAIRO.replace("Met el-Sisi", "\u202eisiS-le teM"))
    assert result.trips.empty
    assert messages(result) == ["Line 2: 'event' holds an invisible direction control (U+202E), which "
                                "makes text display in another order than it is written. Delete it "
                                "(retype the cell) and upload again."]


def test_a_city_is_listed_as_located_only_when_its_stop_is_drawn():
    result = check(HEADER + "putin,2022-09-15,2022-09-16,Samarkand,Uzbekistan,,,,SCO,TASS,confirmed\n"
                   + "putin,2022-09-15,2022-09-14,Tashkent,Uzbekistan,,,,Talks,TASS,confirmed\n")
    assert [p.line for p in result.problems] == [3]
    assert [p.line for p in result.located] == [2]
