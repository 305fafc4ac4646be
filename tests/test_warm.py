"""Less work per view: a starting server builds what the first reader needs before that reader
comes (server.py runs ui.warm.warm), and the shapes travel as a cacheable file rather than inside
the websocket message."""
from __future__ import annotations

import gc
import re

import pytest

from geo.maps.layers import SHAPES_GLOBAL, build_overview_map, shapes_json
from geo.rule.timeline import LATEST
from tests.appserver import ROOT
from ui import data


@pytest.fixture
def warmed():
    from ui.warm import warm

    for cached in (data.shipped_data, data.shapes_script_url, data.map_shapes, data._atlas_at):
        cached.clear()
    yield warm()
    gc.unfreeze()


def test_a_started_server_has_the_first_views_data_ready(warmed, monkeypatch):
    def again(*_args, **_kwargs):
        raise AssertionError("the first view prepared the data again")

    monkeypatch.setattr(data, "join_countries", again)
    monkeypatch.setattr(data, "load_world", again)
    atlas = data.load_atlas(LATEST)
    assert len(atlas.countries) > 193
    assert data.shapes_script_url().startswith("/app/static/cache/shapes-")


def test_the_overview_loads_its_shapes_from_a_file_named_by_their_content():
    url = data.shapes_script_url()
    assert re.fullmatch(r"/app/static/cache/shapes-[0-9a-f]{32}\.js", url)
    served = ROOT / "static" / url.removeprefix("/app/static/")
    assert served.read_text(encoding="utf-8") == f"window.{SHAPES_GLOBAL}={data.map_shapes()};\n"
    html = build_overview_map(None, "/app/static", shapes_url=url).get_root().render()
    assert f'src="{url}"' in html
    assert '"iso3":"TUR"' not in html, "the shapes are not in the map sent over the websocket"
    standalone = build_overview_map(shapes_json(data.shipped_data().world), "/app/static").get_root().render()
    assert '"iso3":"TUR"' in standalone, "a map that stands alone carries its shapes"


def test_the_map_takes_the_shapes_or_their_file_never_both():
    with pytest.raises(ValueError):
        build_overview_map("{}", "/app/static", shapes_url="/app/static/cache/x.js")
    with pytest.raises(ValueError):
        build_overview_map(None, "/app/static")
