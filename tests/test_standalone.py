"""The exported map is one file that needs nothing from the network."""
import re

import pandas as pd
import pytest

from geo.io import load_world
from geo.join import LAYER_COLUMNS, join_countries
from geo.layers import build_overview_map, features_json
from geo.standalone import standalone_html


@pytest.fixture(scope="module")
def page():
    countries = join_countries(load_world(), pd.DataFrame(columns=["iso3", "as_of"]),
                               pd.DataFrame(columns=["iso3", "resolution", "vote"]))
    atlas_map = build_overview_map(features_json(countries, LAYER_COLUMNS), "vote", "/app/static/vendor")
    return standalone_html(atlas_map, "Atlas <export>", ["Source: <b>UN</b>", "Dataset version 3"])


def test_no_asset_is_loaded_from_anywhere(page):
    assert not re.findall(r"<script[^>]+src=", page)
    assert not re.findall(r"<link[^>]+stylesheet", page)
    assert "Leaflet 1.9.4" in page
    assert "url(images/" not in page and "data:image/png;base64," in page


def test_sources_and_version_are_written_under_the_map_as_text(page):
    assert "<li>Source: &lt;b&gt;UN&lt;/b&gt;</li>" in page
    assert "Dataset version 3" in page
    assert "<title>Atlas &lt;export&gt;</title>" in page
