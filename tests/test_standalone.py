"""The exported map is one file that needs nothing from the network."""
import re

import pandas as pd
import pytest

from geo.maps.export import country_details
from geo.intake.io import load_world
from geo.maps.join import join_countries
from geo.maps.layers import build_overview_map, layer_values, overview_state, overview_view, shapes_json
from geo.maps.standalone import standalone_html

RECORDS = pd.DataFrame([{"iso3": "EGY", "country": "Egypt", "us_alignment": "partner",
                         "russia_stance": "friendly", "evidence": "</script><b>Lavrov</b> in Cairo",
                         "source": "AP", "as_of": "2022-07-27", "confidence": "high"}])


@pytest.fixture(scope="module")
def countries():
    return join_countries(load_world(), RECORDS, pd.DataFrame(columns=["iso3", "resolution", "vote"]))


@pytest.fixture(scope="module")
def page(countries):
    atlas_map = build_overview_map(shapes_json(load_world()), "/app/static",
                                   details=country_details(countries, RECORDS))
    overview_view(overview_state(layer_values(countries), "vote")).add_to(atlas_map)
    return standalone_html(atlas_map, "Atlas <export>", ["Source: <b>UN</b>", "Dataset version 3"])


def test_no_asset_is_loaded_from_anywhere(page):
    assert not re.findall(r"<script[^>]+src=", page)
    assert not re.findall(r"<link[^>]+stylesheet", page)
    assert "Leaflet 1.9.4" in page
    assert "window.AtlasOverview" in page, "the map's module is inlined too"
    assert "url(images/" not in page and "data:image/png;base64," in page


def test_sources_and_version_are_written_under_the_map_as_text(page):
    assert "<li>Source: &lt;b&gt;UN&lt;/b&gt;</li>" in page
    assert "Dataset version 3" in page
    assert "<title>Atlas &lt;export&gt;</title>" in page
    assert "<h1>Atlas &lt;export&gt;</h1>" in page


def test_a_click_has_each_country_s_record_to_show_as_text(countries, page):
    details = country_details(countries, RECORDS)
    egypt = dict(details["EGY"]["facts"])
    assert details["EGY"]["title"] == "Egypt"
    assert egypt["Relation to Russia"] == "Friendly" and egypt["Source"] == "AP"
    assert egypt["Evidence"] == "</script><b>Lavrov</b> in Cairo"
    assert "</script><b>Lavrov" not in page, "record text cannot close the page's script"
    assert dict(details["BRA"]["facts"])["Relation to Russia"] == "No data"
