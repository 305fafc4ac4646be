"""'Visited by Lavrov/Putin in 2022' as a choropleth of the overview map."""
import pandas as pd
import pytest

from geo.intake.io import load_world
from geo.maps.join import LAYER_COLUMNS, join_countries
from geo.maps.layers import CHOROPLETH_BY_KEY, layer_values
from geo.travels.routes import load_stops, visited_by
from geo.vocab import VISITED

NO_RECORDS = pd.DataFrame(columns=["iso3", "as_of", "us_alignment", "russia_stance"])
NO_VOTES = pd.DataFrame(columns=["iso3", "resolution", "vote"])


@pytest.fixture(scope="module")
def joined():
    return join_countries(load_world(), NO_RECORDS, NO_VOTES, visited_by(load_stops())).set_index("iso3")


def test_every_country_says_who_visited_it_and_nobody_is_no_visit_recorded(joined):
    assert joined.loc["EGY", "visited"] == "lavrov"
    assert joined.loc["KGZ", "visited"] == "putin"
    assert joined.loc["CHN", "visited"] == "both"
    assert joined.loc["OMN", "visited"] == "unverified"
    assert joined.loc["SRB", "visited"] == "none", "the Belgrade visit was cancelled"
    assert joined.loc["BRA", "visited"] == "none"
    assert joined.loc["RUS", "visited"] == "", "Russia is the layer's subject, drawn as 'Russia itself'"
    assert set(joined["visited"]) <= set(VISITED.values) | {""}


def test_without_trips_the_layer_is_unknown_not_nobody():
    joined = join_countries(load_world(), NO_RECORDS, NO_VOTES)
    assert set(joined["visited"]) == {""}


def test_the_layer_is_a_choropleth_and_its_field_reaches_the_browser(joined):
    assert CHOROPLETH_BY_KEY["visited"].vocabulary is VISITED
    assert VISITED.column in LAYER_COLUMNS
    values = layer_values(joined.reset_index())
    assert "UGA" in values[VISITED.column]["lavrov"]


def test_a_un_meeting_in_new_york_is_shown_as_such_not_as_a_visit_to_the_us(joined):
    assert joined.loc["USA", "visited"] == "un_only"
    assert VISITED.label("un_only") == "UN meeting only"
