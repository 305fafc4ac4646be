"""The map's modules under `make run`: versioned URLs cached for good, anything else revalidated.

A new deploy changes a module's URL (its content digest), so no reader keeps a stale map; a reload
asks for nothing that has not changed.
"""
from __future__ import annotations

import re
import urllib.request

import pytest

from geo.maps import layers
from geo.maps.layers import build_overview_map, shapes_json
from geo.intake.io import load_world
from ui.static_cache import IMMUTABLE, REVALIDATE, cache_control


def _headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return {k.lower(): v for k, v in response.headers.items()}


def test_the_map_asks_for_its_modules_by_versioned_urls_that_are_cached_for_a_year(app_url):
    atlas_map = build_overview_map(shapes_json(load_world().head(3)), "/app/static")
    urls = [url for _, url in atlas_map.default_js + atlas_map.default_css]
    assert len(urls) == 5 and all(re.search(r"\?v=[0-9a-f]{16}$", url) for url in urls), urls
    for url in urls:
        assert _headers(app_url + url).get("cache-control") == IMMUTABLE, url
    # The same file asked for by name alone is revalidated: never stale, a 304 when unchanged.
    plain = _headers(app_url + "/app/static/atlas/overview.js")
    assert plain.get("cache-control") == REVALIDATE and plain.get("etag")


def test_a_changed_module_gets_a_new_url(tmp_path, monkeypatch):
    (tmp_path / "atlas").mkdir()
    module = tmp_path / "atlas" / "overview.js"
    module.write_text("// one")
    monkeypatch.setattr(layers, "STATIC_DIR", tmp_path)
    layers.asset_version.cache_clear()
    first = layers.asset_url("/app/static", "atlas/overview.js")
    module.write_text("// two")
    layers.asset_version.cache_clear()
    second = layers.asset_url("/app/static", "atlas/overview.js")
    layers.asset_version.cache_clear()
    assert first != second and first.split("?")[0] == second.split("?")[0]


@pytest.mark.parametrize("path, query, expected", [
    ("/app/static/atlas/overview.js", "v=0123abcd", IMMUTABLE),
    ("/app/static/cache/shapes-0f.js", "", IMMUTABLE),
    ("/app/static/vendor/leaflet/leaflet.js", "", REVALIDATE),
    ("/atlas/app/static/atlas/dom.js", "v=1", IMMUTABLE),  # under server.baseUrlPath
    ("/", "", None), ("/_stcore/health", "", None), ("/static/js/index.js", "", None),
])
def test_cache_control_by_url(path, query, expected):
    assert cache_control(path, query) == expected
