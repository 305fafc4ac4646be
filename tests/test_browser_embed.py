"""An embed opened as an article opens it: in an iframe of a page from another origin, offline."""
import functools
import re
import http.server
import threading

import pytest

from geo.maps.layers import CHOROPLETH_BY_KEY
from geo.storage.store import open_store
from geo.rule.timeline import LATEST
from tests.appserver import free_port, running_app

pytestmark = pytest.mark.browser

ARTICLE = """<!doctype html><html><body><h1>An article</h1>
<iframe id="atlas" src="{src}" style="width:100%;border:0" height="600" title="Map"></iframe>
<script>window.heights=[];window.addEventListener("message",function(e){{
var h=e.data&&e.data["isolation-atlas-height"];if(h){{window.heights.push(h);
document.getElementById("atlas").style.height=h+"px";}}}});</script></body></html>"""


@pytest.fixture(scope="module")
def embed_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("embed")
    url = f"sqlite:///{folder / 'atlas.db'}"
    with running_app({"ATLAS_DATABASE_URL": url, "ATLAS_EMBED_DIR": str(folder / "embed")}) as app:
        yield app, url


@pytest.fixture
def article(tmp_path):
    """A page on another port (another origin) that embeds whatever src it is given."""
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def at(src: str) -> str:
        (tmp_path / "article.html").write_text(ARTICLE.format(src=src))
        return f"http://127.0.0.1:{port}/article.html"
    yield at
    server.shutdown()


def expected_fills(url: str, field: str) -> dict[str, str]:
    """Each country's colour as the app's data gives it (ui.data.build_atlas, the app's own join)."""
    from ui.data import build_atlas
    vocabulary = next(c.vocabulary for c in CHOROPLETH_BY_KEY.values() if c.vocabulary.column == field)
    colours = {c.value: c.colour.lower() for c in vocabulary.categories}
    store = open_store(url)
    values = build_atlas(store.records(store.current_version()), LATEST).map_values[field]
    return {iso3: colours[value] for value, codes in values.items() if value in colours for iso3 in codes}


@pytest.mark.parametrize("layer", ["stance", "sanctions", "vote"])
def test_an_embed_in_another_site_s_iframe_draws_the_app_s_colours_offline(embed_app, article, page,
                                                                           page_log, layer):
    app, url = embed_app
    page.goto(article(f"{app}/embed/{layer}/latest.html?country=EGY"))
    frame = page.frame_locator("#atlas")
    frame.locator("path.leaflet-interactive").first.wait_for()
    embed = page.frames[1]
    fills = embed.evaluate("""() => { const out = {}; const o = window.atlasOverview;
        Object.keys(o.byIso3).forEach(k => { const l = o.byIso3[k][0]; out[k] = (l.options.fillColor || "").toLowerCase(); });
        return out; }""")
    field = CHOROPLETH_BY_KEY[layer].vocabulary.column
    expected = expected_fills(url, field)
    assert len(expected) > 100
    assert {iso3: fills[iso3] for iso3 in expected} == expected
    assert frame.locator("a", has_text="Open in Isolation Atlas").get_attribute("href") == \
        f"/?layer={layer}&country=EGY"
    assert "UN members" in frame.locator("table.embed-legend").inner_text()
    assert embed.evaluate("window.atlasOverview.selected") == "EGY", "?country= selects it"
    page.wait_for_function("window.heights.length > 0")
    assert page.evaluate("window.heights[window.heights.length-1]") > 400
    assert not page_log.blocked and not page_log.errors


def test_an_apply_and_a_rollback_change_the_embed_at_the_next_load(embed_app, page, page_log):
    """Test data in a throwaway store: India's record made 'opposed', with markup in its evidence."""
    import pandas as pd
    app, url = embed_app
    store = open_store(url)
    before = store.current_version()
    colour = {c.value: c.colour.lower() for c in CHOROPLETH_BY_KEY["stance"].vocabulary.categories}

    def india() -> tuple[str, str]:
        page.goto(f"{app}/embed/stance/latest.html?country=IND")
        page.locator("path.leaflet-interactive").first.wait_for()
        return (page.evaluate("window.atlasOverview.byIso3.IND[0].options.fillColor.toLowerCase()"),
                page.locator(".leaflet-control").filter(has_text="Evidence").inner_text())

    try:
        store.apply(pd.DataFrame([{"iso3": "IND", "country": "India", "us_alignment": "partner",
                                   "russia_stance": "opposed", "evidence": "<b>bold</b> claim",
                                   "source": "test", "as_of": "2022-12-01", "confidence": "low"}]))
        fill, panel = india()
        assert fill == colour["opposed"]
        assert "<b>bold</b> claim" in panel, "the record's markup is shown as text"
        store.rollback(before)
        fill, panel = india()
        assert fill == colour["friendly"] and "<b>bold</b>" not in panel
    finally:
        if store.current_version() != before and not store.records(store.current_version()).equals(
                store.records(before)):
            store.rollback(before)
    assert not page_log.blocked and not page_log.errors


def test_the_travels_embed_in_another_site_s_iframe_draws_every_leg_and_stop_offline(embed_app, article, page,
                                                                                    page_log):
    from geo.travels.routes import build_legs, load_stops, stop_markers
    app, _ = embed_app
    stops = load_stops()
    page.goto(article(f"{app}/embed/travels/latest.html"))
    frame = page.frame_locator("#atlas")
    frame.locator("path.leg").first.wait_for()
    assert frame.locator("path.leg").count() == len(build_legs(stops)) >= 25
    assert frame.locator("path.stop").count() == len(stop_markers(stops))
    assert frame.locator("path.stop.confidence-unverified.iso-OMN").count() == 1
    assert "Sergey Lavrov" in frame.locator(".travel-legend").inner_text()
    alt = frame.locator("#embed-alt").inner_text()
    assert alt.startswith("World map of Lavrov's and Putin's travels abroad:") and " trips, " in alt
    assert frame.locator("a", has_text="Open in Isolation Atlas").get_attribute("href") == "/travels"
    page.wait_for_function("window.heights.length > 0")
    assert page.evaluate("window.heights[window.heights.length-1]") > 400
    assert not page_log.blocked and not page_log.errors


def test_the_export_menu_downloads_the_view_s_pictures_for_social_posts_print_and_svg(embed_app, page, page_log):
    import io
    from PIL import Image
    from tests.mapdriver import map_frame
    app, _ = embed_app
    page.goto(f"{app}/?layer=sanctions")
    map_frame(page)
    files = {}
    for label in ("Picture for social posts (PNG, 1200×675)", "Picture for print (PNG, 2400 px wide)",
                  "Picture as SVG"):
        button = page.get_by_role("button", name=label)
        if not button.is_visible():
            page.get_by_role("button", name="Export").click()
        with page.expect_download(timeout=60_000) as info:
            button.click()
        files[label] = info.value
    social, printed, svg = files.values()
    assert re.fullmatch(r"isolation-atlas-v\d+-sanctions\.png", social.suggested_filename)  # after a rollback: v3
    assert Image.open(io.BytesIO(social.path().read_bytes())).size == (1200, 675)
    assert Image.open(io.BytesIO(printed.path().read_bytes())).size == (2400, 1350)
    assert "Sanctions on Russia in 2022, latest data" in svg.path().read_text(encoding="utf-8")
    assert not page_log.blocked and not page_log.errors


def test_a_regional_datasets_embed_opens_on_its_region(embed_app, page, page_log):
    """Africa's wheat in an article: Africa fills the frame, not a world mostly 'not covered'."""
    app, _ = embed_app
    page.goto(f"{app}/embed/ds-wheat-imports-from-russia-and-ukraine-together-africa/latest.html")
    page.locator("path.iso-EGY").first.wait_for()
    africa = """() => {
        const m = document.querySelector('.leaflet-container').getBoundingClientRect();
        const box = (iso3) => document.querySelector('path.iso-' + iso3).getBoundingClientRect();
        const inside = (q) => q.left >= m.left - 1 && q.right <= m.right + 1 && q.top >= m.top - 1
                              && q.bottom <= m.bottom + 1;
        return {inside: ['EGY', 'ZAF', 'NGA', 'SOM'].every(c => inside(box(c))),
                height: (box('ZAF').bottom - box('EGY').top) / m.height};
    }"""
    page.wait_for_function(f"({africa})().height > 0.75", timeout=15000)
    seen = page.evaluate(africa)
    assert seen["inside"], "all of Africa is in the frame"
    assert seen["height"] > 0.75, "Egypt to South Africa fills the frame's height, not a third of it"
    assert not page_log.blocked and not page_log.errors
