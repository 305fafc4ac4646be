"""Legs between stops: great circles, the Moscow rule, the antimeridian, and the figures."""
from __future__ import annotations

from datetime import date

import pytest

from geo.travels.routes import (HOME, Stop, arrow_of, build_legs, countries_visited, distance_km,
                        great_circle, km_flown, legs_between, load_stops, mercator_angle,
                        split_at_antimeridian, stop_markers, stops_between, stops_per_month,
                        visited_by)

CAIRO = (30.0444, 31.2357)
NEW_YORK = (40.7489, -73.968)
VLADIVOSTOK = (43.1155, 131.8855)
ANCHORAGE = (61.2181, -149.9003)


def stop(city: str, day: str, lat: float, lon: float, end: str | None = None, traveller: str = "lavrov",
         confidence: str = "confirmed", iso3: str = "XXX", line: int = 2) -> Stop:
    return Stop(line=line, traveller=traveller, date_start=date.fromisoformat(day),
                date_end=date.fromisoformat(end or day), city=city, country="", iso3=iso3,
                lat=lat, lon=lon, confidence=confidence)


def route(legs) -> list[tuple[str, str]]:
    return [(leg.origin.city, leg.destination.city) for leg in legs]


def longitudes(parts) -> list[list[float]]:
    return [[lon for _, lon in part] for part in parts]


def test_a_leg_across_the_pacific_is_split_at_the_antimeridian_not_drawn_round_the_world():
    parts = great_circle(VLADIVOSTOK, ANCHORAGE)
    assert len(parts) == 2
    west, east = longitudes(parts)
    assert west[0] == VLADIVOSTOK[1] and west[-1] == 180
    assert east[0] == -180 and east[-1] == ANCHORAGE[1]
    assert parts[0][-1][0] == pytest.approx(parts[1][0][0]), "both sides meet at the same latitude"
    for part in (west, east):
        assert all(abs(b - a) < 5 for a, b in zip(part, part[1:])), "no jump inside a part"
        assert all(-180 <= lon <= 180 for lon in part)
    assert west == sorted(west) and east == sorted(east), "it flies east all the way"


def test_moscow_to_new_york_is_one_continuous_great_circle_over_the_north_atlantic():
    parts = great_circle((HOME.lat, HOME.lon), NEW_YORK)
    assert len(parts) == 1
    lons = longitudes(parts)[0]
    assert all(abs(b - a) < 5 for a, b in zip(lons, lons[1:]))
    assert max(lons) - min(lons) < 180, "short way: 111 degrees west, not 249 east"
    assert max(lat for lat, _ in parts[0]) > 60, "a great circle bends north of both cities"
    assert len(parts[0]) > 50, "densified: about one point per 100 km"
    assert distance_km(HOME.lat, HOME.lon, *NEW_YORK) == pytest.approx(7526, abs=5)


def test_splitting_keeps_a_line_that_never_crosses():
    points = [(0.0, 10.0), (1.0, 20.0), (2.0, 30.0)]
    assert split_at_antimeridian(points) == [points]


def test_a_single_stop_trip_leaves_moscow_and_returns_there():
    legs = build_legs([stop("Ankara", "2022-06-07", 39.93, 32.86, end="2022-06-08")])
    assert route(legs) == [("Moscow", "Ankara"), ("Ankara", "Moscow")]
    assert legs[0].arrive == date(2022, 6, 7) and legs[1].depart == date(2022, 6, 8)
    assert legs[0].km == pytest.approx(legs[1].km)


def test_stops_within_two_days_are_one_tour_and_a_longer_gap_goes_home():
    stops = [stop("Cairo", "2022-07-23", *CAIRO, end="2022-07-24"),
             stop("Addis Ababa", "2022-07-26", 9.03, 38.74),  # two days later: straight on
             stop("Tashkent", "2022-07-29", 41.3, 69.24)]  # three days later: via Moscow
    assert route(build_legs(stops)) == [
        ("Moscow", "Cairo"), ("Cairo", "Addis Ababa"), ("Addis Ababa", "Moscow"),
        ("Moscow", "Tashkent"), ("Tashkent", "Moscow")]


def test_consecutive_stops_in_the_same_city_make_no_zero_length_leg():
    stops = [stop("Phnom Penh", "2022-08-03", 11.5564, 104.9282, end="2022-08-04"),
             stop("Phnom Penh", "2022-08-05", 11.5564, 104.9282)]
    legs = build_legs(stops)
    assert route(legs) == [("Moscow", "Phnom Penh"), ("Phnom Penh", "Moscow")]
    assert all(leg.km > 1000 for leg in legs)
    assert legs[-1].depart == date(2022, 8, 5), "the trip ends with the second stay"


def test_stops_are_ordered_by_date_whatever_the_file_order():
    later = stop("Hanoi", "2022-07-05", 21.03, 105.83, end="2022-07-06", line=3)
    earlier = stop("Ulaanbaatar", "2022-07-05", 47.89, 106.91, line=2)
    assert route(build_legs([later, earlier])) == [
        ("Moscow", "Ulaanbaatar"), ("Ulaanbaatar", "Hanoi"), ("Hanoi", "Moscow")]


def test_meetings_at_home_and_cancelled_visits_are_not_legs_and_break_no_tour():
    stops = [stop("Riyadh", "2022-06-01", 24.71, 46.68),
             stop("Belgrade", "2022-06-02", 44.79, 20.45, confidence="cancelled"),
             stop("Sochi", "2022-06-02", 43.6, 39.73, confidence="not_abroad", iso3="RUS"),
             stop("Ankara", "2022-06-03", 39.93, 32.86)]
    assert route(build_legs(stops)) == [("Moscow", "Riyadh"), ("Riyadh", "Ankara"), ("Ankara", "Moscow")]


def test_legs_touching_an_unverified_stop_are_dashed_and_say_why():
    muscat = Stop(line=7, traveller="lavrov", date_start=date(2022, 5, 11), date_end=date(2022, 5, 11),
                  city="Muscat", country="Oman", iso3="OMN", lat=23.59, lon=58.38,
                  confidence="unverified", confidence_note="No source found.")
    legs = build_legs([stop("Algiers", "2022-05-09", 36.75, 3.06, end="2022-05-10"), muscat])
    assert [(leg.destination.city, leg.dashed) for leg in legs] == [
        ("Algiers", False), ("Muscat", True), ("Moscow", True)]
    assert legs[1].confidence == "unverified"
    assert "Muscat: No source found." in legs[1].note


def test_each_traveller_has_their_own_route():
    stops = [stop("Minsk", "2022-12-19", 53.9, 27.56, traveller="putin"),
             stop("Minsk", "2022-12-19", 53.9, 27.56, traveller="lavrov")]
    legs = build_legs(stops)
    assert sorted(leg.traveller for leg in legs) == ["lavrov", "lavrov", "putin", "putin"]
    markers = stop_markers(stops)
    assert len(markers) == 2 and all(m.shared for m in markers), "both drawn, side by side"


def test_the_arrow_points_the_way_flown_and_a_return_arrow_stands_apart():
    out, back = build_legs([stop("Cairo", "2022-07-23", *CAIRO)])  # Moscow -> Cairo: south-west
    (lat, lon), angle = arrow_of(out)
    assert CAIRO[0] < lat < HOME.lat and CAIRO[1] < lon < HOME.lon
    assert 90 < angle < 180, "screen angle clockwise from east: down and to the left"
    (back_lat, _), back_angle = arrow_of(back)
    assert back_lat < lat, "the return arrow sits nearer Cairo"
    assert back_angle == pytest.approx(angle - 180, abs=5)
    assert mercator_angle((0, 0), (0, 10)) == pytest.approx(0)
    assert mercator_angle((0, 0), (10, 0)) == pytest.approx(-90)


SHIPPED = load_stops()
LEGS = build_legs(SHIPPED)


def test_the_shipped_year_has_more_than_25_legs_and_july_is_the_african_tour():
    assert len(LEGS) >= 25
    july = legs_between(LEGS, date(2022, 7, 1), date(2022, 7, 31))
    cities = {leg.destination.city for leg in july}
    assert {"Cairo", "Oyo (or Brazzaville)", "Entebbe (Kampala area)", "Addis Ababa", "Tashkent",
            "Nusa Dua (Bali)"} <= cities
    assert all(leg.depart.month == 7 or leg.arrive.month == 7 for leg in july)
    assert ("Tashkent", "Moscow") in route(july)
    assert not any(leg.destination.iso3 == "USA" for leg in july)


def test_the_cancelled_belgrade_visit_and_sochi_are_stops_but_not_legs():
    places = {leg.destination.iso3 for leg in LEGS} | {leg.origin.iso3 for leg in LEGS}
    assert "SRB" not in places
    assert all(leg.destination.city != "Sochi" and leg.origin.city != "Sochi" for leg in LEGS)
    assert {"SRB", "RUS"} <= {m.visits[0].iso3 for m in stop_markers(SHIPPED)}


def test_figures_count_only_visits_that_happened():
    visited = countries_visited(SHIPPED)
    assert {"EGY", "UGA", "IDN", "TUR", "IRN", "COG"} <= visited
    assert "USA" not in visited, "Lavrov's UN General Assembly trip is the UN's meeting, not a US visit"
    assert "OMN" not in visited, "Muscat is unverified"
    assert "SRB" not in visited and "RUS" not in visited
    assert km_flown(LEGS) == pytest.approx(sum(leg.km for leg in LEGS))
    assert 150_000 < km_flown(LEGS) < 250_000


def test_visited_by_says_who_came_and_keeps_unverified_apart():
    visited = visited_by(SHIPPED)
    assert visited["EGY"] == "lavrov"
    assert visited["TJK"] == "putin"
    assert visited["IRN"] == "both" and visited["BLR"] == "both"
    assert visited["ARM"] == "putin", "Lavrov's Yerevan visit is unverified"
    assert visited["OMN"] == "unverified"
    assert "SRB" not in visited and "RUS" not in visited


def test_stops_per_month_has_every_month_and_july_is_busiest():
    table = stops_per_month(SHIPPED, ("lavrov", "putin"))
    assert list(table.index) == [f"2022-{m:02d}" for m in range(1, 13)]
    assert table.loc["2022-01"].sum() == 0
    assert table.sum(axis=1).idxmax() == "2022-07"
    assert table.loc["2022-02", "putin"] == 1  # Beijing


def test_stops_between_keeps_stops_overlapping_the_window():
    stops = stops_between(SHIPPED, date(2022, 5, 31), date(2022, 5, 31), {"lavrov"})
    assert {s.city for s in stops} == {"Manama (Sakhir Palace)", "Riyadh"}


def test_a_stop_in_antarctica_is_a_stop_abroad_but_not_a_country_visited():
    """Countries visited are UN members; Antarctica (ATA) or Greenland (GRL) are places, not countries."""
    stops = [stop("Cairo", "2022-07-24", *CAIRO, iso3="EGY"),
             stop("McMurdo", "2022-08-10", -77.85, 166.67, iso3="ATA"),
             stop("Nuuk", "2022-09-10", 64.18, -51.72, iso3="GRL")]
    assert countries_visited(stops) == {"EGY"}
    assert all(s.abroad for s in stops), "all three are still stops abroad"
    assert {leg.destination.city for leg in build_legs(stops)} >= {"McMurdo", "Nuuk"}, "and are flown to"
