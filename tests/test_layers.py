"""Joining data to the world and building the overview map, without a browser."""
import json
import re

import pandas as pd
import pytest

from geo.intake.io import load_world
from geo.maps.join import engagement, join_countries
from geo.maps.layers import (CHOROPLETHS, build_overview_map, layer_values, overview_state, overview_view,
                        safe_json, shapes_json)


@pytest.fixture(scope="module")
def world():
    return load_world()


RECORDS = pd.DataFrame([
    {"iso3": "TUR", "us_alignment": "treaty_ally", "russia_stance": "hedging", "as_of": "2022-07-27",
     "country": "Turkey"},
    {"iso3": "PHL", "us_alignment": "treaty_ally", "russia_stance": "distancing", "as_of": "2022-07-27",
     "country": "Philippines"},
    {"iso3": "PHL", "us_alignment": "treaty_ally", "russia_stance": "hedging", "as_of": "2021-01-01",
     "country": "Philippines"},
])
VOTES = pd.DataFrame([{"iso3": "TUR", "resolution": "ES-11/1", "vote": "yes"},
                      {"iso3": "IND", "resolution": "ES-11/1", "vote": "abstain"},
                      {"iso3": "IND", "resolution": "ES-11/4", "vote": "abstain"}])


@pytest.mark.parametrize("alignment, stance, expected", [
    ("treaty_ally", "hedging", "engaging"), ("partner", "friendly", "engaging"),
    ("treaty_ally", "distancing", "keeping_distance"), ("rival", "ally", "not_us_aligned"),
    ("partner", "", ""), ("", "", ""), ("", "opposed", "not_us_aligned"),
])
def test_engagement_is_the_articles_question(alignment, stance, expected):
    assert engagement(alignment, stance) == expected


def test_join_keeps_every_country_and_uses_the_latest_record(world):
    joined = join_countries(world, RECORDS, VOTES)
    assert len(joined) == len(world)
    by_iso3 = joined.set_index("iso3")
    assert by_iso3.loc["PHL", "russia_stance"] == "distancing"
    assert by_iso3.loc["TUR", "engagement"] == "engaging"
    assert by_iso3.loc["IND", "vote"] == "abstain"
    assert by_iso3.loc["BRA", "russia_stance"] == ""  # no record: drawn as no data, not dropped


def test_shapes_carry_an_inside_point_and_markers_for_small_members(world):
    features = json.loads(shapes_json(world))["features"]
    markers = [f for f in features if f["properties"].get("marker")]
    assert {f["properties"]["iso3"] for f in markers} >= {"TUV", "SGP", "MLT"}
    assert all(f["geometry"]["type"] == "Point" for f in markers)
    assert all(f["properties"]["un_member"] for f in markers)
    egypt = next(f for f in features if f["properties"]["iso3"] == "EGY")
    assert egypt["properties"]["name"] == "Egypt" and len(egypt["properties"]["at"]) == 2


def test_layer_values_list_each_category_s_countries(world):
    values = layer_values(join_countries(world, RECORDS, VOTES))
    assert set(values) == {c.vocabulary.column for c in CHOROPLETHS}
    assert "TUR" in values["russia_stance"]["hedging"]
    assert values["vote"]["abstain"] == ["IND"]
    assert all("" not in by_value for by_value in values.values())


def test_text_in_the_data_cannot_close_the_script_element():
    text = safe_json({"name": "</script><img src=x onerror=alert(1)>"})
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == "</script><img src=x onerror=alert(1)>"


def _page(world, layer="vote") -> str:
    atlas_map = build_overview_map(shapes_json(world), "/app/static")
    state = overview_state(layer_values(join_countries(world, RECORDS, VOTES)), layer)
    overview_view(state).add_to(atlas_map)
    return atlas_map.get_root().render()


def test_the_map_loads_nothing_from_the_internet(world):
    html = _page(world)
    assert not re.findall(r"(?:src|href)=\"https?://", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/atlas/overview.js" in html
    assert html.count('"type":"FeatureCollection"') == 1, "geometry must be sent once, not per layer"


def test_every_choropleth_is_offered_to_the_map_whatever_layer_it_opens_on(world):
    """The mounted part of the map is the same for every layer, so switching never rebuilds it."""
    from streamlit_folium import _get_map_string

    scripts = set()
    for choropleth in CHOROPLETHS:
        atlas_map = build_overview_map(shapes_json(world), "/app/static")
        atlas_map.get_root().render()
        script = _get_map_string(atlas_map)
        scripts.add(re.sub(r"_[0-9a-f]{32}", "", script))
        for other in CHOROPLETHS:
            assert json.dumps(other.name) in script
    assert len(scripts) == 1


def test_the_map_script_is_data_and_configuration_not_code(world):
    """The map's behaviour is in static/atlas/overview.js; Python sends a call and its data."""
    from streamlit_folium import _get_map_string

    atlas_map = build_overview_map(shapes_json(world), "/app/static")
    atlas_map.get_root().render()
    script = _get_map_string(atlas_map)
    code = re.sub(r'"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?', "", script)  # strings and numbers out
    assert "AtlasOverview.mount(" in script
    assert "function" not in code


def test_the_overview_opens_at_its_final_view_without_a_zoom_animation():
    """folium's fit_bounds animates a 250 ms zoom from zoom_start: shapes moved under a first click."""
    overview = build_overview_map(None, "/app/static", shapes_url="/app/static/cache/shapes.js")
    fits = re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", overview.get_root().render(), re.S)
    assert len(fits) == 1 and json.loads(fits[0][1])["animate"] is False


def test_preloading_asks_for_every_script_and_style_sheet_first_and_only_once():
    from urllib.parse import unquote

    from geo.maps.layers import preload_assets

    overview = build_overview_map(None, "/app/static", shapes_url="/app/static/cache/shapes-1.js")
    scripts = [url for _, url in overview.default_js]
    preload_assets(preload_assets(overview))  # twice: still one preload
    first, *rest = [url for _, url in overview.default_js]
    assert rest == scripts and first.startswith("data:text/javascript,")
    listed = json.loads(re.search(r"(\[\[.*\]\])\.forEach", unquote(first)).group(1))
    assert listed == [["script", url] for url in scripts] + [["style", url] for _, url in overview.default_css]


def test_layer_values_skip_blank_and_missing_values_and_uncoded_shapes():
    import geopandas as gpd
    from shapely.geometry import Point

    countries = gpd.GeoDataFrame({"iso3": ["AAA", "BBB", "CCC", "", "DDD"],
                                  "russia_stance": ["opposed", "", None, "opposed", float("nan")]},
                                 geometry=[Point(i, i) for i in range(5)])
    assert layer_values(countries, CHOROPLETHS[:1])["russia_stance"] == {"opposed": ["AAA"]}


def test_a_regional_dataset_gets_its_region_and_a_world_one_none():
    from geo.maps.layers import regional_view
    points = {"DEU": (10.4, 51.1), "ITA": (12.1, 42.8), "ISL": (-18.6, 64.9), "TUR": (35.2, 39.1),
              "BRA": (-51.4, -10.4), "AUS": (134.5, -25.7), "EGY": (29.8, 26.6)}
    (south, west), (north, east) = regional_view(["DEU", "ITA", "ISL", "TUR"], points)
    assert south < 39.1 and north > 64.9 and west < -18.6 and east > 35.2
    assert east - west < 90, "Europe, not the world"
    assert regional_view(["DEU", "BRA", "AUS"], points) is None, "scattered: the world"
    assert regional_view([], points) is None and regional_view(["XXX"], points) is None
    (south, west), (north, east) = regional_view(["EGY"], points)
    assert north - south > 9.9 and east - west > 9.9, "one country is shown with room around it"


def test_a_shipped_regional_dataset_sends_its_region_to_the_map():
    from geo.intake.datasets import shipped_datasets
    from geo.maps.dataset_layers import all_layers
    from geo.maps.layers import dataset_choropleth
    specs = {d.title: dataset_choropleth(all_layers(d)[-1]).spec() for d in shipped_datasets()}
    assert "region" not in specs["Arms imports from Russia (share of all arms imports)"]
    (south, west), (north, east) = specs["Natural-gas imports from Russia (Europe)"]["region"]
    assert 25 < south < 40 and 60 < north < 80 and -30 < west < 0 and 30 < east < 60
