"""Less work per view: the overview map is rendered once and replayed, a starting server builds what
the first reader needs before that reader comes (server.py runs ui.warm.warm), and the shapes
travel as a cacheable file rather than inside the websocket message."""
from __future__ import annotations

import gc
import re

import pytest
from streamlit_folium import st_folium

from geo.layers import CHOROPLETHS, build_overview_map
from geo.timeline import LATEST
from tests.appserver import ROOT
from ui import folium_replay, map_view
from ui.data import load_atlas, map_data_url


def draw_overview(map_data: str, layer: str = "vote"):
    return lambda: st_folium(build_overview_map(map_data, layer, "/app/static/vendor"), key="overview-vote",
                             height=560, use_container_width=True, returned_objects=["last_active_drawing"])


def test_a_replayed_map_sends_the_component_what_st_folium_sends(monkeypatch):
    sent = []
    monkeypatch.setattr(folium_replay, "_component", lambda **arguments: sent.append(arguments))
    draw = draw_overview(load_atlas().map_data)
    draw()
    folium_replay.replay(folium_replay.record(draw))
    direct, replayed = ({k: v for k, v in call.items() if k != "on_change"} for call in sent)
    assert direct == replayed
    assert "iso-" in direct["script"] and '"iso3":"TUR"' in direct["script"]


def test_recording_sends_nothing(monkeypatch):
    sent = []
    monkeypatch.setattr(folium_replay, "_component", lambda **arguments: sent.append(arguments))
    recorded = folium_replay.record(draw_overview(load_atlas().map_data))
    assert sent == [] and recorded["height"] == 560


@pytest.fixture
def warmed():
    from ui.warm import warm

    map_view._map_arguments.clear()
    yield warm()
    gc.unfreeze()


def test_a_started_server_has_the_first_views_map_ready(warmed, monkeypatch):
    def build_again(*_args, **_kwargs):
        raise AssertionError("the first view rendered the map again")

    monkeypatch.setattr(map_view, "build_overview_map", build_again)
    arguments = map_view.prepare_map(load_atlas(LATEST), CHOROPLETHS[0].key, map_view.overview_key(LATEST))
    assert CHOROPLETHS[0].name in arguments["script"]


def test_each_layer_and_data_gets_its_own_rendering(warmed):
    atlas = load_atlas(LATEST)
    first = map_view.prepare_map(atlas, CHOROPLETHS[0].key, map_view.overview_key(LATEST))
    assert map_view.prepare_map(atlas, CHOROPLETHS[0].key, map_view.overview_key(LATEST)) is first
    other_layer = map_view.prepare_map(atlas, CHOROPLETHS[1].key, map_view.overview_key(LATEST))
    assert other_layer is not first and other_layer["key"] != first["key"]


def test_the_overview_sends_its_shapes_as_a_file_named_by_their_content():
    atlas = load_atlas(LATEST)
    arguments = map_view.prepare_map(atlas, "vote", map_view.overview_key(LATEST))
    url = re.search(r'fetch\("(/app/static/cache/\w+\.json)"\)', arguments["script"]).group(1)
    assert '"iso3":"TUR"' not in arguments["script"], "the shapes are not in the websocket message"
    served = ROOT / "static" / url.removeprefix("/app/static/")
    assert served.read_text(encoding="utf-8") == atlas.map_data
    assert map_data_url(atlas.map_data) == url, "the same content keeps its name"
    preview = map_view.prepare_map(atlas, "vote", "preview", shapes_by_url=False)
    assert '"iso3":"TUR"' in preview["script"] and "fetch(" not in preview["script"]
