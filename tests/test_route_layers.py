"""The Travels map's elements, without a browser: offline, escaped, and one base for all filters."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit_folium import _get_feature_group_string, _get_map_string

from geo.intake.io import load_world
from geo.maps.layers import AtlasMap, shapes_json
from geo.travels.route_layers import TOGGLES, build_travel_map, date_span, travel_routes
from geo.travels.routes import HOME, Stop, build_legs, load_stops, map_lon, stop_markers, trip_bounds

ASSETS = "/app/static"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shapes():
    return shapes_json(load_world())


def travel_map(shapes, stops=None):
    return build_travel_map(shapes, {"EGY": "lavrov"}, trip_bounds(stops or STOPS), ASSETS)


STOPS = load_stops()
LEGS = build_legs(STOPS)
SHOW = {key: True for key in TOGGLES}


def routes_data(legs, markers) -> tuple[str, dict]:
    """The routes' script as streamlit-folium sends it, and the data it draws."""
    script = _get_feature_group_string(travel_routes(legs, markers, SHOW), AtlasMap(ASSETS))
    return script, json.loads(re.search(r"atlasTravel\.draw\([^,]+, (\{.*\})\);", script).group(1))


def test_date_spans_read_naturally():
    assert date_span(date(2022, 7, 19), date(2022, 7, 19)) == "19 Jul 2022"
    assert date_span(date(2022, 7, 23), date(2022, 7, 24)) == "23–24 Jul 2022"
    assert date_span(date(2022, 5, 31), date(2022, 6, 1)) == "31 May – 1 Jun 2022"


def test_the_travel_map_loads_nothing_from_the_internet(shapes):
    html = travel_map(shapes).get_root().render()
    assert not re.findall(r"(?:src|href)=\"https?://", html)
    assert f"{ASSETS}/vendor/leaflet/leaflet.js" in html
    assert f"{ASSETS}/atlas/travels.js" in html


def test_routes_stops_and_each_traveller_are_toggles_of_the_map(shapes):
    html = travel_map(shapes).get_root().render()
    config = json.loads(re.search(r"AtlasTravels\.mount\([^,]+, (\{.*\})\);", html).group(1))
    assert list(config["toggles"].values()) == ["Routes", "Stops", "Sergey Lavrov", "Vladimir Putin"]
    assert config["visited"] == {"EGY": "Visited by Lavrov"}


def test_the_map_is_centred_on_moscow_so_pacific_stops_lie_east_of_asia():
    assert map_lon(-157.86) == pytest.approx(202.14)  # Honolulu
    assert map_lon(-74.0) == -74.0  # New York stays west
    assert map_lon(116.4) == 116.4
    honolulu = Stop(line=2, traveller="lavrov", date_start=date(2022, 11, 1), date_end=date(2022, 11, 1),
                    city="Honolulu", country="United States", iso3="USA", lat=21.3, lon=-157.86)
    (south, west), (north, east) = trip_bounds([honolulu])
    assert west == pytest.approx(HOME.lon - 6) and east == pytest.approx(202.14 + 6)


def test_changing_the_dates_changes_only_the_feature_group_not_the_base(shapes):
    """streamlit-folium keeps a map mounted while its script is unchanged: only routes are resent."""
    def sent(legs):
        base = travel_map(shapes)
        base.get_root().render()
        script = _get_map_string(base)
        group = _get_feature_group_string(travel_routes(legs, stop_markers(STOPS), SHOW), base)
        return re.sub(r"_[0-9a-f]{32}", "", script), group
    year_base, year_group = sent(LEGS)
    july_base, july_group = sent([leg for leg in LEGS if leg.arrive.month == 7])
    assert year_base == july_base
    assert year_group != july_group
    assert len(july_group) < len(year_group) < 150_000


def test_text_from_a_file_is_data_for_textContent_never_markup():
    stop = Stop(line=2, traveller="lavrov", date_start=date(2022, 7, 1), date_end=date(2022, 7, 1),
                city=EVIL, country="</script><script>alert(2)</script>", iso3="EGY", lat=30.0, lon=31.2,
                event=EVIL, counterparts=EVIL, source="javascript:alert(3)", confidence="confirmed")
    script, data = routes_data(build_legs([stop]), stop_markers([stop]))
    assert "<img" not in script and "</script><script>" not in script
    assert data["stops"][0]["visits"][0]["event"] == EVIL
    assert data["legs"][0]["to"] == f"{EVIL}, </script><script>alert(2)</script>"


def test_each_leg_carries_its_traveller_confidence_and_ends_for_the_page_and_tests():
    _, data = routes_data(LEGS, stop_markers(STOPS))
    new_york = [leg for leg in data["legs"] if leg["to_iso3"] == "USA"]
    assert len(new_york) == 1 and new_york[0]["traveller"] == "lavrov"
    assert new_york[0]["confidence"] == "conflicting_dates" and not new_york[0]["dashed"]
    assert {leg["dashed"] for leg in data["legs"] if leg["confidence"] == "unverified"} == {True}
    assert len(data["stops"]) < len(STOPS), "repeat visits to a place share one marker"
