"""The maps' JavaScript modules (static/atlas) on their own, in the browser, with made-up data.

The app's browser tests show them at work on the real maps; here each behaviour is pinned down
with a tiny world of two squares and a dot, and a stand-in for Streamlit that records what the
map reports.
"""
from __future__ import annotations

import json

import pytest

from geo.maps.layers import MAP_TEXT

pytestmark = pytest.mark.browser


def square(iso3: str, name: str, west: float, member: bool = True) -> dict:
    ring = [[west, -10], [west + 20, -10], [west + 20, 10], [west, 10], [west, -10]]
    return {"type": "Feature", "properties": {"iso3": iso3, "name": name, "un_member": member, "at": [0, west + 10]},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


SHAPES = {"type": "FeatureCollection", "features": [
    square("AAA", "Aland", -40), square("BBB", "Borduria", 0, member=False),
    {"type": "Feature", "properties": {"iso3": "CCC", "name": "Côte Cerise", "un_member": True,
                                       "at": [30, 30], "marker": True},
     "geometry": {"type": "Point", "coordinates": [30, 30]}},
]}
NODATA = {"label": "No data", "colour": "#bdbdbd"}
LAYERS = [
    {"key": "mood", "title": "Mood", "field": "mood", "nodata": NODATA, "subject": None,
     "not_member": {"label": "Not a UN member state", "colour": "#e3e3e3"},
     "categories": [{"value": "calm", "label": "Calm", "colour": "#0000ff"},
                    {"value": "cross", "label": "Cross", "colour": "#ff0000"}]},
    {"key": "vote", "title": "Vote", "field": "vote", "nodata": NODATA,
     "subject": {"iso3": "AAA", "label": "Aland itself", "colour": "#525252"},
     "categories": [{"value": "yes", "label": "Yes", "colour": "#00ff00"}]},
]
VALUES = {"mood": {"calm": ["AAA"], "cross": ["BBB", "CCC"]}, "vote": {"yes": ["CCC"]}}


@pytest.fixture
def modules(page, app_url):
    """A blank page with Leaflet and the atlas's modules, as the map iframe loads them."""
    page.set_content(f"""<html><head>
        <link rel="stylesheet" href="{app_url}/app/static/vendor/leaflet/leaflet.css">
        <link rel="stylesheet" href="{app_url}/app/static/atlas/atlas.css"></head>
        <body><div id="m" style="width:640px;height:360px"></div>
        <script src="{app_url}/app/static/vendor/leaflet/leaflet.js"></script>
        <script src="{app_url}/app/static/atlas/dom.js"></script>
        <script src="{app_url}/app/static/atlas/overview.js"></script>
        <script src="{app_url}/app/static/atlas/travels.js"></script></body></html>""")
    page.wait_for_function("window.AtlasOverview && window.AtlasTravels")
    return page


def mount(page, **config) -> None:
    page.evaluate("""(config) => {
        window.reported = [];
        window.Streamlit = {setComponentValue: v => window.reported.push(v), setFrameHeight: () => {}};
        window.map = L.map('m', {zoomSnap: 0, keyboard: false}).setView([0, 0], 1.5);
        window.atlasOverview = AtlasOverview.mount(window.map, config);
    }""", {"layers": LAYERS, "text": MAP_TEXT, "height": 360, "standalone": False, "details": None,
           "shapes": SHAPES, **config})


def update(page, **state) -> None:
    page.evaluate("(state) => window.atlasOverview.update(state)",
                  {"values": VALUES, "layer": "mood", "country": None, "reveal": False, "changed": [],
                   "ack": None, **state})


def fill(page, iso3: str) -> str:
    return page.locator(f"path.iso-{iso3}").first.get_attribute("fill")


def test_names_are_matched_without_accents_and_arrows_pick_the_country_ahead(modules):
    assert modules.evaluate("AtlasOverview.fold(\"Côte d'Ivoire\")") == "cote d'ivoire"
    points = [{"x": 100, "y": 0, "iso3": "E"}, {"x": -100, "y": 5, "iso3": "W"},
              {"x": 5, "y": -80, "iso3": "N"}, {"x": 60, "y": 55, "iso3": "SE"}]
    pick = "([points, dir]) => (AtlasOverview.nearestInDirection(points, {x: 0, y: 0}, dir) || {}).iso3"
    assert [modules.evaluate(pick, [points, d]) for d in ("right", "left", "up", "down")] == ["E", "W", "N", "SE"]
    assert modules.evaluate(pick, [[{"x": -5, "y": 0, "iso3": "W"}], "right"]) is None


def test_the_overview_colours_each_layer_and_names_members_and_subjects(modules):
    mount(modules)
    update(modules)
    assert [fill(modules, c) for c in ("AAA", "BBB", "CCC")] == ["#0000ff", "#ff0000", "#ff0000"]
    update(modules, layer="vote")
    assert [fill(modules, c) for c in ("AAA", "BBB", "CCC")] == ["#525252", "#bdbdbd", "#00ff00"]
    label = "(iso3) => window.atlasOverview.category(window.atlasOverview.byIso3[iso3][0].feature.properties).label"
    assert [modules.evaluate(label, c) for c in ("AAA", "BBB")] == ["Aland itself", MAP_TEXT["not_member"]]
    expect_legend = modules.locator(".atlas-legend").inner_text()
    assert "Vote" in expect_legend and "Yes" in expect_legend
    assert modules.evaluate("window.reported") == [], "what Python asked for is not reported back"


def test_a_territory_without_a_class_is_not_a_member_rather_than_no_data(modules):
    mount(modules)
    update(modules, values={"mood": {"calm": ["AAA"]}, "vote": {}})
    label = "(iso3) => window.atlasOverview.category(window.atlasOverview.byIso3[iso3][0].feature.properties).label"
    assert modules.evaluate(label, "BBB") == MAP_TEXT["not_member"]
    assert modules.evaluate(label, "CCC") == "No data"  # a member without a class is missing data
    assert [fill(modules, c) for c in ("BBB", "CCC")] == ["#e3e3e3", "#bdbdbd"]
    assert "Not a UN member state" in modules.locator(".atlas-legend").inner_text()
    update(modules)  # Borduria has a class of its own again: the legend has no row for territories
    assert fill(modules, "BBB") == "#ff0000"
    assert "Not a UN member state" not in modules.locator(".atlas-legend").inner_text()


def test_a_click_or_a_layer_chosen_on_the_map_is_reported_once_each(modules):
    mount(modules)
    update(modules)
    modules.locator("path.iso-BBB").first.click()
    modules.locator(".leaflet-control-layers").hover()
    modules.locator(".leaflet-control-layers label", has_text="Vote").click()
    reported = modules.evaluate("window.reported")
    assert [(r["layer"], r["country"], r["id"]["n"]) for r in reported] == [("mood", "BBB", 1), ("vote", "BBB", 2)]
    assert modules.locator("path.iso-BBB.selected").count() == 1
    assert modules.locator("path.iso-BBB").first.get_attribute("stroke-width") == "3"


def test_a_tap_the_browser_moved_off_every_shape_still_selects_the_country_under_the_finger(modules):
    """Chrome moves a tap towards a nearby small target; it can end on the map's background."""
    mount(modules)
    update(modules)
    tap_then_click_in_the_sea = """(touch) => {
        const box = document.querySelector('path.iso-AAA').getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        const map = document.querySelector('.leaflet-container'), sea = map.getBoundingClientRect();
        document.elementFromPoint(x, y).dispatchEvent(new PointerEvent('pointerdown', {
            bubbles: true, clientX: x, clientY: y, pointerType: touch ? 'touch' : 'mouse'}));
        map.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: sea.left + 5, clientY: sea.bottom - 5}));
    }"""
    modules.evaluate(tap_then_click_in_the_sea, False)
    assert modules.evaluate("window.reported") == [], "a mouse click in the sea selects nothing"
    modules.evaluate(tap_then_click_in_the_sea, True)
    assert [r["country"] for r in modules.evaluate("window.reported")] == ["AAA"]
    assert modules.locator("path.iso-AAA.selected").count() == 1


def test_a_request_made_before_the_page_saw_the_map_s_choice_does_not_undo_it(modules):
    mount(modules)
    update(modules)
    modules.locator(".leaflet-control-layers").hover()
    modules.locator(".leaflet-control-layers label", has_text="Vote").click()
    mount_id = modules.evaluate("window.reported[0].id.mount")
    update(modules, layer="mood", values={"mood": {"calm": ["AAA", "BBB"]}, "vote": {}},
           ack={"mount": mount_id, "n": 0})  # stale: sent before the switch reached Python
    assert modules.evaluate("window.atlasOverview.active") == "vote"
    assert fill(modules, "CCC") == "#bdbdbd", "its values are still applied"
    update(modules, layer="mood", country="AAA", ack={"mount": mount_id, "n": 1})
    assert modules.evaluate("window.atlasOverview.active") == "mood"
    assert modules.locator(".leaflet-control-layers input:checked + span").inner_text().strip() == "Mood"
    assert modules.locator("path.selected").count() == 1


def test_a_request_to_reveal_the_country_the_map_chose_itself_leaves_the_map_still(modules):
    """A rerun that took an interrupted run for a new map asked again to reveal the country just
    tapped: the map zoomed onto it, under the finger going for the next one."""
    mount(modules)
    update(modules)
    modules.locator("path.iso-BBB").first.click()
    mount_id = modules.evaluate("window.reported[0].id.mount")
    view = "[window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
    before = modules.evaluate(view)
    update(modules, country="BBB", reveal=True, ack={"mount": mount_id, "n": 1})
    assert modules.evaluate(view) == before
    assert modules.locator("path.iso-BBB.selected").count() == 1
    update(modules, country="CCC", reveal=True, ack={"mount": mount_id, "n": 1})  # a search still shows it
    assert modules.evaluate("window.map.getZoom()") >= 5


TAPS = """(spots) => {
    const map = document.querySelector('.leaflet-container'), box = map.getBoundingClientRect();
    spots.forEach(([x, y]) => {
        const at = {bubbles: true, clientX: box.left + x, clientY: box.top + y};
        document.elementFromPoint(at.clientX, at.clientY).dispatchEvent(
            new PointerEvent('pointerdown', {...at, pointerType: 'touch'}));
        document.elementFromPoint(at.clientX, at.clientY).dispatchEvent(new MouseEvent('click', {...at, detail: 1}));
    });
}"""


def test_two_quick_taps_are_a_double_tap_only_on_one_spot(modules):
    """Leaflet makes a double tap of any two taps within 200 ms; the map keeps those a finger's
    width apart, as the browser does for its own."""
    mount(modules)
    update(modules)
    zoom = modules.evaluate("window.map.getZoom()")
    modules.evaluate(TAPS, [[260, 180], [340, 180]])  # Aland, then Borduria
    assert modules.evaluate("window.map.getZoom()") == zoom
    assert [r["country"] for r in modules.evaluate("window.reported")] == ["AAA", "BBB"]
    modules.wait_for_timeout(300)  # a new pair of taps
    modules.evaluate(TAPS, [[340, 180], [344, 183]])  # one spot
    modules.wait_for_function("(zoom) => window.map.getZoom() > zoom", arg=zoom)


def test_changed_countries_are_marked_and_revealing_a_dot_zooms_to_it(modules):
    mount(modules)
    update(modules, changed=["AAA"], country="CCC", reveal=True)
    assert modules.locator("path.iso-AAA.changed").count() == 1
    assert "Changed by this file" in modules.locator(".atlas-legend").inner_text()
    assert modules.evaluate("window.map.getZoom()") >= 5
    assert modules.evaluate("window.map.getBounds().contains([30, 30])")


def test_the_keyboard_moves_between_countries_and_enter_selects(modules):
    mount(modules)
    update(modules)
    modules.locator(".leaflet-container").focus()
    modules.keyboard.type("bor")
    assert modules.evaluate("window.atlasOverview.cursor") == "BBB"
    modules.keyboard.press("ArrowLeft")
    assert modules.evaluate("window.atlasOverview.cursor") == "AAA"
    assert "Aland" in modules.locator(".atlas-live").inner_text()
    modules.keyboard.press("Enter")
    assert modules.evaluate("window.reported.map(r => r.country)") == ["AAA"]


def test_the_exported_map_shows_a_click_s_details_as_text(modules):
    evil = "<img src=x onerror=alert(1)>"
    mount(modules, standalone=True, details={"AAA": {"title": evil, "facts": [["Source", evil]]}})
    update(modules)
    modules.locator("path.iso-AAA").first.click()
    details = modules.locator(".atlas-details")
    assert details.locator("h3").inner_text() == evil
    assert details.locator("img").count() == 0
    assert modules.evaluate("window.reported") == [], "a file on its own reports to no one"


def test_travels_wrap_the_world_around_moscow(modules):
    west = 37.6 - 180
    assert modules.evaluate(f"AtlasTravels.wrapLon(-157.86, {west})") == pytest.approx(202.14)
    assert modules.evaluate(f"AtlasTravels.wrapLon(-74, {west})") == -74
    # A leg split at the antimeridian by Python comes back as one line.
    line = modules.evaluate(f"AtlasTravels.unwrapPath({json.dumps([[[60, 170], [62, 180]], [[62, -180], [60, -170]]])}, {west})")
    assert [p[1] for p in line] == [170, 180, 190]
    copies = modules.evaluate(f"AtlasTravels.eastCopies({json.dumps([square('WSM', 'Samoa', -172), square('FRA', 'France', 0)])}, {west})")
    assert [c["properties"]["iso3"] for c in copies] == ["WSM"]
    assert copies[0]["geometry"]["coordinates"][0][0][0] == [188, -10]
