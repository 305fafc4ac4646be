"""Uploading trips: whatever the file, a plain answer, and no row lost without a word."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ui.travel_upload import MAX_STOPS, check_upload

COLUMNS = ["traveller", "date_start", "date_end", "city", "country", "lat", "lon", "source", "confidence"]
CELL = {
    "traveller": st.sampled_from(["lavrov", "Putin", "Sergei Lavrov", "shoigu", ""]),
    "date_start": st.sampled_from(["2022-07-23", "2022-02-30", "23/07/2022", "1900-01-01", "", "soon"]),
    "date_end": st.sampled_from(["", "2022-07-24", "2022-07-01", "x"]),
    "city": st.sampled_from(["Cairo", "Kampla", "Tashkent", "<img src=x onerror=alert(1)>", "", "Sochi"]),
    "country": st.sampled_from(["Egypt", "Uganda", "Uzbekistan", "Russia", "Atlantis", ""]),
    "lat": st.sampled_from(["", "30.04", "95", "north"]),
    "lon": st.sampled_from(["", "31.24", "-200", "east"]),
    "source": st.sampled_from(["AP", ""]),
    "confidence": st.sampled_from(["", "confirmed", "unverified", "not_abroad", "maybe"]),
}
ROW = st.fixed_dictionaries(CELL)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, min_size=1, max_size=8))
def test_every_row_becomes_a_stop_or_a_problem_on_its_own_line(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = check_upload("trips.csv", buffer.getvalue().encode())
    data_lines = {i + 2 for i, row in enumerate(rows) if any(v.strip() for v in row.values())}
    if result.error:  # only a file with no usable row at all is refused as a whole
        assert not data_lines or "no data rows" in result.error
        return
    used = {stop.line for stop in result.stops}
    refused = {problem.line for problem in result.problems}
    assert used | refused == data_lines
    assert not used & refused


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_get_a_plain_answer_not_a_traceback(data):
    result = check_upload("anything.csv", data)
    assert result.error is None or result.error.endswith((".", "?"))


def test_a_file_too_big_for_the_map_says_so():
    body = "traveller,date_start,city,country,source\n" + "lavrov,2022-07-23,Cairo,Egypt,AP\n" * (MAX_STOPS + 1)
    result = check_upload("big.csv", body.encode())
    assert "Split it into smaller files" in result.error


def test_the_template_is_a_valid_file_that_cites_no_weak_source():
    from scripts.build_trips import WEAK_SOURCES
    from ui.travel_upload import TEMPLATE

    result = check_upload("trips_template.csv", TEMPLATE.encode("utf-8"))
    assert result.error is None and result.problems == () and len(result.stops) == 2
    assert not [weak for weak in WEAK_SOURCES if weak in TEMPLATE]
