"""The overview map as people use it (issue 11), on a desktop and on a phone with touch:
one layer switch, a visible selection, search by any name, keyboard, touch and the time slider."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from geo.intake.io import load_world
from geo.vocab import NO_DATA_COLOUR, RUSSIA_STANCE, UN_VOTE, US_ALIGNMENT
from tests.appserver import MAP_FRAME
from tests.mapdriver import (choose_layer, click_country, country_at, fill_of, in_view, inside_point,
                             map_frame, mark_mounted, point_beside, selected_iso3, still_mounted,
                             tap_on_map)

pytestmark = pytest.mark.browser
WORLD = load_world().set_index("iso3")


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def open_sidebar(page):
    """On a phone the sidebar is folded away (off screen); open it as a person would."""
    if sidebar(page).get_attribute("data-collapsed") == "true":
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(sidebar(page)).to_have_attribute("data-collapsed", "false")


def close_sidebar(page):
    """On a phone the open sidebar covers the page; fold it away to get back to the map."""
    if page.screen_name == "phone" and sidebar(page).get_attribute("data-collapsed") == "false":
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar(page)).to_have_attribute("data-collapsed", "true")


def copied_link(page) -> str:
    open_sidebar(page)
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    link = page.get_by_test_id("stCode").inner_text()
    page.keyboard.press("Escape")
    return link


def search(page, typed: str):
    """Open 'Find a country', type, and return the results' buttons."""
    page.get_by_role("button", name=re.compile("Find a country")).click()
    box = page.get_by_role("textbox", name="Name or code of a country")
    box.fill(typed)
    results = page.get_by_test_id("stPopoverBody").get_by_role("button")
    expect(results.first).to_be_visible(timeout=15000)
    return results


def test_a_layer_chosen_in_the_map_moves_the_sidebar_counts_link_and_address(screen, app_url):
    page, touch = screen, screen.screen_name == "phone"
    page.goto(app_url)
    frame = map_frame(page)
    mark_mounted(frame)
    choose_layer(frame, UN_VOTE.title, touch=touch)
    expect(frame.locator("path.iso-IND").first).to_have_attribute("fill", UN_VOTE.colour("abstain"))
    expect(page).to_have_url(re.compile(r"layer=vote\b"), timeout=20000)
    open_sidebar(page)
    expect(sidebar(page).get_by_role("radio", name=UN_VOTE.title)).to_be_checked()
    expect(sidebar(page)).to_contain_text("In favour: 141")
    expect(sidebar(page)).to_contain_text("Abstained: 35")
    assert "layer=vote" in copied_link(page)
    assert still_mounted(page), "the rerun that followed must not rebuild the map"
    assert fill_of(frame, "IND") == UN_VOTE.colour("abstain")


def test_a_layer_chosen_in_the_sidebar_restyles_the_same_map_and_its_control(screen, app_url):
    page = screen
    page.goto(app_url)
    frame = map_frame(page)
    mark_mounted(frame)
    open_sidebar(page)
    sidebar(page).get_by_text(US_ALIGNMENT.title).click()
    expect(frame.locator("path.iso-TUR").first).to_have_attribute("fill", US_ALIGNMENT.colour("treaty_ally"),
                                                                  timeout=20000)
    control = frame.locator(".leaflet-control-layers label", has_text=US_ALIGNMENT.title).locator("input")
    expect(control).to_be_checked()
    expect(frame.locator(".atlas-legend summary")).to_have_text(US_ALIGNMENT.title)
    expect(page).to_have_url(re.compile(r"layer=alignment"))
    assert still_mounted(page)
    # And back in the map: both controls keep agreeing.
    close_sidebar(page)
    choose_layer(frame, RUSSIA_STANCE.title, touch=page.screen_name == "phone")
    expect(page).to_have_url(re.compile(r"layer=stance"), timeout=20000)
    expect(sidebar(page).get_by_role("radio", name=RUSSIA_STANCE.title)).to_be_checked()


@pytest.mark.parametrize("typed, iso3, heading", [
    ("Turkey", "TUR", "Turkey"), ("Turkiye", "TUR", "Turkey"),
    ("Russian Federation", "RUS", "Russia"), ("Ivory Coast", "CIV", "Côte d'Ivoire"),
])
def test_a_country_is_found_by_any_of_its_names(page, app_url, typed, iso3, heading):
    page.goto(app_url)
    map_frame(page)
    results = search(page, typed)
    results.first.click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=15000)
    expect(page).to_have_url(re.compile(rf"country={iso3}"))
    expect(page.get_by_role("textbox", name="Name or code of a country")).to_be_hidden(), \
        "the popover closes after a choice, uncovering the details"


def test_a_searched_small_state_is_highlighted_and_brought_into_view(screen, app_url):
    page = screen
    page.goto(app_url)
    frame = map_frame(page)
    zoom = frame.evaluate("window.atlasOverview.map.getZoom()")
    search(page, "Malta").first.click()
    expect(page.get_by_role("heading", name="Malta")).to_be_visible(timeout=15000)
    expect(frame.locator("path.iso-MLT.marker.selected")).to_have_attribute("stroke-width", "3")
    assert frame.locator("path.iso-MLT.marker.selected").get_attribute("stroke") == "#000000"
    assert frame.evaluate("window.atlasOverview.map.getZoom()") >= max(5, zoom)
    assert in_view(frame, "path.iso-MLT.marker")
    assert selected_iso3(frame) == ["MLT"]


def test_a_clicked_country_stays_outlined_when_the_layer_changes(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    click_country(page, frame, "EGY")
    expect(page.get_by_role("heading", name="Egypt")).to_be_visible(timeout=15000)
    expect(frame.locator("path.iso-EGY.selected")).to_have_count(1)
    assert frame.locator("path.iso-EGY").first.get_attribute("stroke-width") == "3"
    choose_layer(frame, UN_VOTE.title)
    expect(page).to_have_url(re.compile(r"layer=vote.*country=EGY|country=EGY.*layer=vote"), timeout=20000)
    assert selected_iso3(frame) == ["EGY"]
    expect(frame.locator(".atlas-legend")).to_contain_text("Selected: Egypt")


def test_the_layer_control_is_reached_within_five_tabs(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    page.get_by_role("heading", name="Is Russia isolated?").click()  # reading the title
    toggle = frame.locator(".leaflet-control-layers-toggle")
    presses = 0
    while presses < 5 and not toggle.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
    assert toggle.evaluate("el => el === document.activeElement"), "not reached in 5 Tabs"
    assert frame.locator("path[tabindex]:not([tabindex='-1'])").count() == 0


def test_a_country_is_chosen_with_the_keyboard_and_its_tooltip_is_not_cut(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    container = frame.locator(".leaflet-container")
    container.focus()
    page.keyboard.type("egy")
    tooltip = frame.locator(".cursor-tooltip")
    expect(tooltip).to_contain_text("Egypt")
    expect(frame.locator(".atlas-live")).to_contain_text("Egypt")
    page.keyboard.press("ArrowLeft")  # west of Egypt: Libya
    expect(tooltip).to_contain_text("Libya")
    for _ in range(6):
        page.keyboard.press("ArrowLeft")  # on to the Americas, the map's left edge
    name = tooltip.locator("strong").inner_text()
    box, map_box = tooltip.bounding_box(), container.bounding_box()
    assert box["x"] >= map_box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"], name
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=15000)
    assert len(selected_iso3(frame)) == 1


def test_on_a_phone_the_map_comes_first_and_the_world_fills_it(phone, app_url):
    phone.goto(app_url)
    frame = map_frame(phone)
    box = phone.locator(MAP_FRAME).first.bounding_box()
    assert box["y"] < 250, "the map starts near the top, under the title"
    assert box["width"] > 0.9 * 390 - 40
    findings = phone.get_by_text(re.compile("Of the 193 UN members, 49 opposed Russia")).bounding_box()
    assert findings["y"] > box["y"] + box["height"]
    world = frame.evaluate("""() => {
        let l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
        document.querySelectorAll('path.country:not(.marker)').forEach(p => {
            const q = p.getBoundingClientRect();
            if (!q.width) return;
            l = Math.min(l, q.left); r = Math.max(r, q.right); t = Math.min(t, q.top); b = Math.max(b, q.bottom);
        });
        const m = document.querySelector('.leaflet-container').getBoundingClientRect();
        return {width: (r - l) / m.width, height: (b - t) / m.height};
    }""")
    assert world["width"] > 0.9 and world["height"] > 0.8, world


TAPPED = ["IND", "KAZ", "CHN", "EGY", "USA", "CAN", "DZA", "IRN", "AUS", "BRA", "ARG", "ZAF"]


def scroll_page(page, pixels: int) -> None:
    """Scroll Streamlit's main view (the window itself does not scroll)."""
    page.get_by_test_id("stMain").evaluate("(main, by) => main.scrollBy(0, by)", pixels)
    page.wait_for_timeout(300)


def test_twelve_taps_on_a_phone_select_the_country_under_the_finger(phone, app_url):
    from geo.intake.io import read_csv_path
    from geo.maps.join import latest_records
    from tests.appserver import ROOT

    records = latest_records(read_csv_path(ROOT / "data" / "countries.csv"))
    phone.goto(app_url)
    frame = map_frame(phone)
    mark_mounted(frame)
    zoom = watch_zoom(frame)
    for number, iso3 in enumerate(TAPPED):
        if number == 8:  # the rest with the map's top scrolled out of the window, as people do
            box = phone.locator(MAP_FRAME).first.bounding_box()
            scroll_page(phone, int(box["y"] + box["height"] * 0.2))
        x, y = inside_point(frame, iso3)
        assert country_at(frame, x, y) == iso3, f"the point chosen for {iso3} is not on it"
        tap_on_map(phone, frame, x, y)
        heading = records.loc[iso3, "country"] if iso3 in records.index else WORLD.loc[iso3, "name"]
        expect(phone.get_by_role("heading", name=heading, exact=True)).to_be_attached(timeout=15000)
        assert selected_iso3(frame) == [iso3]
        assert zooms(frame) == (zoom, 0), f"the map zoomed after the tap on {iso3}"
    phone.wait_for_timeout(1000)  # a late request from the page would zoom now
    assert zooms(frame) == (zoom, 0)
    assert still_mounted(phone)


def watch_zoom(frame) -> float:
    """Count the map's zooms from now on (zooms() reads them); return its zoom level."""
    return frame.evaluate("""() => {
        const map = window.atlasOverview.map;
        window.__zooms = 0;
        map.on('zoomstart', () => { window.__zooms += 1; });
        return map.getZoom();
    }""")


def zooms(frame) -> tuple[float, int]:
    """The map's zoom level, and how many zooms began since watch_zoom."""
    return tuple(frame.evaluate("[window.atlasOverview.map.getZoom(), window.__zooms]"))


def test_two_quick_taps_on_two_countries_are_two_choices_not_a_double_tap(phone, app_url):
    """Leaflet took any two taps within 200 ms for a double tap, wherever they landed, and
    zoomed in around the second: the next country could then be out of view."""
    phone.goto(app_url)
    frame = map_frame(phone)
    zoom = watch_zoom(frame)
    box = phone.locator(MAP_FRAME).first.bounding_box()
    for iso3 in ("IND", "CHN"):
        x, y = inside_point(frame, iso3)
        phone.touchscreen.tap(box["x"] + x, box["y"] + y)  # at once, as a quick finger does
    expect(phone).to_have_url(re.compile(r"country=CHN"), timeout=15000)
    assert selected_iso3(frame) == ["CHN"]
    phone.wait_for_timeout(500)  # a double tap's zoom takes 250 ms
    assert zooms(frame) == (zoom, 0)


def test_on_a_phone_a_tapped_country_offers_a_jump_to_its_details(phone, app_url):
    """The details come after everything else under the map (here its table), out of sight."""
    phone.goto(app_url)
    frame = map_frame(phone)
    phone.get_by_role("button", name="Show this map as a table").tap()
    expect(phone.get_by_test_id("stDataFrame")).to_be_visible(timeout=15000)
    x, y = inside_point(frame, "EGY")
    tap_on_map(phone, frame, x, y)
    jump = phone.get_by_role("link", name="See Egypt's details ↓")
    expect(jump).to_be_visible(timeout=15000)
    box, below = phone.locator(MAP_FRAME).first.bounding_box(), jump.bounding_box()
    assert box["y"] + box["height"] <= below["y"] < box["y"] + box["height"] + 120, "it sits under the map"
    heading = phone.get_by_role("heading", name="Egypt", exact=True)
    expect(heading).not_to_be_in_viewport()
    jump.tap()
    expect(heading).to_be_in_viewport()


def test_beside_the_map_the_details_need_no_jump(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app_url)
    frame = map_frame(page)
    click_country(page, frame, "EGY")
    expect(page.get_by_role("heading", name="Egypt", exact=True)).to_be_visible(timeout=15000)
    jump = page.locator("a", has_text="See Egypt's details")
    expect(jump).to_have_count(1)  # drawn, for a narrower window, but not shown
    expect(jump).to_be_hidden()


@pytest.mark.parametrize("iso3, neighbour", [("IRN", "KWT"), ("AUS", "TLS"), ("IND", "PAK"), ("KAZ", "RUS")])
def test_a_tap_beside_a_small_neighbour_selects_the_country_under_the_finger(phone, app_url, iso3, neighbour):
    """A finger touches more than a point: the browser moves such a tap onto a nearby small
    target (India became Pakistan, Australia Timor-Leste). The map asks what is under the finger."""
    phone.goto(app_url)
    frame = map_frame(phone)
    x, y = point_beside(frame, iso3, neighbour)
    assert country_at(frame, x, y) == iso3
    tap_on_map(phone, frame, x, y)
    expect(phone).to_have_url(re.compile(rf"country={iso3}"), timeout=15000)
    assert selected_iso3(frame) == [iso3]


def test_the_time_slider_restyles_the_map_without_ever_emptying_it(page, app_url):
    page.goto(app_url + "/?layer=vote_es11_4")
    frame = map_frame(page)
    mark_mounted(frame)
    assert fill_of(frame, "IND") == UN_VOTE.colour("abstain")
    page.get_by_role("button", name="Step through 2022").click()  # the slider loads on request
    thumb = page.get_by_role("slider", name=re.compile("Data as of"))
    thumb.focus()
    page.keyboard.press("Home")
    expect(page.get_by_test_id("stSlider")).to_contain_text("4 Feb: Putin in China")
    counts = []
    for key in ("ArrowRight", "ArrowRight", "End", "Home"):
        page.keyboard.press(key)
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:  # watch the map while the page reruns
            counts.append(frame.locator("path.country").count())
            time.sleep(0.05)
    assert min(counts) >= 193, "the map was blanked while a step was drawn"
    expect(page).to_have_url(re.compile(r"day=2022-02-04"))
    expect(frame.locator("path.iso-IND").first).to_have_attribute("fill", NO_DATA_COLOUR, timeout=15000)
    assert still_mounted(page)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("stSlider")).to_contain_text("22 Feb: sanctions by United Kingdom, United States")
