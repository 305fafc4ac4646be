"""Joining data to the world and building the overview map, without a browser."""
import json
import re

import pandas as pd
import pytest

from geo.io import load_world
from geo.join import LAYER_COLUMNS, engagement, join_countries
from geo.layers import CHOROPLETHS, build_overview_map, features_json, safe_json


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


def test_features_carry_layer_fields_and_markers_for_small_members(world):
    data = json.loads(features_json(join_countries(world, RECORDS, VOTES), LAYER_COLUMNS))
    features = data["features"]
    markers = [f for f in features if f["properties"].get("marker")]
    assert {f["properties"]["iso3"] for f in markers} >= {"TUV", "SGP", "MLT"}
    assert all(f["geometry"]["type"] == "Point" for f in markers)
    assert all(f["properties"]["un_member"] for f in markers)
    turkey = next(f for f in features if f["properties"]["iso3"] == "TUR")
    assert turkey["properties"]["russia_stance"] == "hedging"


def test_text_in_the_data_cannot_close_the_script_element():
    text = safe_json({"name": "</script><img src=x onerror=alert(1)>"})
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == "</script><img src=x onerror=alert(1)>"


def test_the_map_loads_nothing_from_the_internet(world):
    data = features_json(join_countries(world, RECORDS, VOTES), LAYER_COLUMNS)
    html = build_overview_map(data, "vote", "/app/static/vendor").get_root().render()
    assert not re.findall(r"(?:src|href)=\"https?://", html)
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert html.count('"type":"FeatureCollection"') == 1, "geometry must be sent once, not per layer"


def test_each_choropleth_is_a_base_layer_in_the_control(world):
    data = features_json(join_countries(world, RECORDS, VOTES), LAYER_COLUMNS)
    html = build_overview_map(data, "vote", "/app/static/vendor").get_root().render()
    control = re.search(r"base_layers\s*:\s*\{(.*?)\}", html, re.S).group(1)
    names = [json.loads(f'"{key}"') for key in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:', control)]
    assert names == [choropleth.name for choropleth in CHOROPLETHS]
