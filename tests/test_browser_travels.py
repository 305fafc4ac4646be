"""The Travels page in a real browser, offline, as a reader would use it."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from geo.travels.routes import legs_between, load_stops
from geo.vocab import VISITED
from tests.mapdriver import (choose_layer, click_on_map, drawn_classes, fill_of, hover_on_map,
                             map_frame, map_width, path_parts)
from tests.widgetdriver import date_range, set_date_range
from ui.travels import travels_of

pytestmark = pytest.mark.browser

TRAVELS = travels_of(load_stops())
JULY = (date(2022, 7, 1), date(2022, 7, 31))


def open_travels(page, app_url):
    """Open the app and go to the Travels page the way a reader does: by its link."""
    page.goto(app_url)
    page.get_by_role("link", name=re.compile(r"^travels$", re.I)).click()
    return map_frame(page, shapes="path.leg")


def test_the_year_draws_every_leg_and_stop_offline(page, page_log, app_url):
    frame = open_travels(page, app_url)
    legs = frame.locator("path.leg")
    expect(legs).to_have_count(len(TRAVELS.legs))
    assert legs.count() >= 25
    assert frame.locator("path.leg.traveller-lavrov").count() > frame.locator("path.leg.traveller-putin").count() > 0
    stops = frame.locator("path.stop")
    assert stops.count() >= 25
    # The flags of the reference are visible: unverified stops, the meeting at home, the cancelled visit.
    assert frame.locator("path.stop.confidence-unverified.iso-OMN").count() == 1
    assert frame.locator("path.stop.confidence-not_abroad.iso-RUS").count() == 1
    assert frame.locator("path.stop.confidence-cancelled.iso-SRB").count() == 1
    assert frame.locator("path.leg.to-SRB, path.leg.from-SRB").count() == 0, "a cancelled visit is no trip"
    assert frame.locator("path.leg.confidence-unverified").first.get_attribute("stroke-dasharray")
    assert not frame.locator("path.leg.confidence-confirmed").first.get_attribute("stroke-dasharray")
    expect(frame.locator(".travel-legend")).to_contain_text("Sergey Lavrov")
    assert page_log.blocked == [], "the page tried to reach the internet"
    assert page_log.errors == []


def test_the_new_york_leg_takes_the_short_way_over_the_atlantic(page, app_url):
    frame = open_travels(page, app_url)
    leg = "path.leg.from-RUS.to-USA"
    parts = path_parts(frame, leg)
    assert len(parts) == 1, "Moscow -> New York does not cross the antimeridian"
    xs = [x for x, _ in parts[0]]
    assert max(xs) - min(xs) < map_width(frame) / 2, "the leg spans the map the wrong way"
    steps = [abs(b - a) for a, b in zip(xs, xs[1:])]
    assert max(steps) < map_width(frame) / 10, "the leg's points jump across the map"
    ys = [y for _, y in parts[0]]
    assert min(ys) < min(ys[0], ys[-1]) - 20, "a great circle from Moscow to New York bends north"
    assert xs[0] > xs[-1], "it is drawn from Moscow (east) to New York (west)"


def test_narrowing_the_dates_to_july_leaves_only_julys_legs(page, app_url):
    frame = open_travels(page, app_url)
    set_date_range(page, "Dates", *JULY)
    expected = legs_between(list(TRAVELS.legs), *JULY)
    expect(frame.locator("path.leg")).to_have_count(len(expected), timeout=20000)
    destinations = drawn_classes(frame, "path.leg", "to-")
    assert {"IDN", "EGY", "COG", "UGA", "ETH", "UZB", "MNG", "VNM", "IRN"} <= set(destinations)
    assert not {"USA", "KHM", "CHN", "TUR", "ARM", "BLR"} & set(destinations)
    assert date_range(page, "Dates") == JULY
    expect(page.get_by_text("Showing: July 2022")).to_be_visible()
    table = page.locator("[data-testid='stDataFrame']").first
    expect(table).to_contain_text("Entebbe")


def test_toggling_a_traveller_in_the_map_hides_only_their_legs(page, app_url):
    frame = open_travels(page, app_url)
    putin = frame.locator("path.leg.traveller-putin").count()
    choose_layer(frame, "Sergey Lavrov")
    expect(frame.locator("path.leg.traveller-lavrov")).to_have_count(0)
    expect(frame.locator("path.stop.traveller-lavrov")).to_have_count(0)
    assert frame.locator("path.leg.traveller-putin").count() == putin
    choose_layer(frame, "Sergey Lavrov")
    expect(frame.locator("path.leg.traveller-lavrov")).to_have_count(len(TRAVELS.legs) - putin)
    choose_layer(frame, "Stops")
    expect(frame.locator("path.stop")).to_have_count(0)
    assert frame.locator("path.leg").count() == len(TRAVELS.legs)


def test_a_map_toggle_survives_a_change_made_in_the_sidebar(page, app_url):
    frame = open_travels(page, app_url)
    choose_layer(frame, "Sergey Lavrov")
    expect(frame.locator("path.leg.traveller-lavrov")).to_have_count(0)
    page.locator("[data-testid='stSidebar']").get_by_text("Stops", exact=True).click()
    expect(frame.locator("path.stop")).to_have_count(0, timeout=20000)
    assert frame.locator("path.leg.traveller-lavrov").count() == 0, "Lavrov stays hidden"
    assert frame.locator("path.leg.traveller-putin").count() > 0


def test_unticking_a_traveller_in_the_sidebar_hides_them_everywhere(page, app_url):
    frame = open_travels(page, app_url)
    page.locator("[data-testid='stSidebar']").get_by_text("Vladimir Putin").click()
    expect(frame.locator("path.leg.traveller-putin")).to_have_count(0, timeout=20000)
    assert frame.locator("path.leg.traveller-lavrov").count() > 0
    control = frame.locator(".leaflet-control-layers label", has_text="Vladimir Putin").locator("input")
    expect(control).not_to_be_checked()
    expect(page.locator("[data-testid='stDataFrame']").first).not_to_contain_text("Vladimir Putin")


def test_clicking_a_stop_shows_its_source_and_confidence(page, app_url):
    frame = open_travels(page, app_url)
    click_on_map(page, frame, "path.stop.iso-UGA")
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Entebbe")
    expect(popup).to_contain_text("Confidence: Confirmed")
    expect(popup).to_contain_text("Museveni")
    expect(popup.locator("a[href^='https://sputniknews.com/20220726']")).to_have_count(1)
    frame.locator(".leaflet-popup-close-button").click()
    expect(frame.locator(".leaflet-popup")).to_have_count(0)  # faded out: it no longer covers stops

    click_on_map(page, frame, "path.stop.iso-OMN")
    expect(popup).to_contain_text("Confidence: Unverified")
    expect(popup).to_contain_text("no source for this visit was found")
    expect(popup).to_contain_text("Source: No source found that confirms this visit")


def test_hovering_a_leg_names_its_places_dates_and_event(page, app_url):
    frame = open_travels(page, app_url)
    hover_on_map(page, frame, "path.leg.from-EGY.to-COG")
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Cairo, Egypt")
    expect(tooltip).to_contain_text("Oyo (or Brazzaville)")
    expect(tooltip).to_contain_text("Jul 2022")
    expect(tooltip).to_contain_text("City uncertain")


def test_play_steps_through_the_year_month_by_month(page, app_url):
    frame = open_travels(page, app_url)
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Play")).to_have_count(0)  # one button: now Pause
    expect(page.get_by_text("Playing: January 2022")).to_be_visible(timeout=20000)
    expect(page.get_by_text("Playing: February 2022")).to_be_visible(timeout=20000)
    expect(frame.locator("path.leg")).to_have_count(2, timeout=20000)  # Putin to Beijing and back
    assert drawn_classes(frame, "path.leg", "to-") == {"CHN": 1, "RUS": 1}
    expect(page.get_by_text("Playing: March 2022")).to_be_visible(timeout=20000)
    page.get_by_role("button", name="Pause").click()
    shown = page.get_by_text(re.compile(r"Showing: (March|April) 2022"))
    expect(shown).to_be_visible(timeout=20000)
    month = shown.inner_text()
    page.wait_for_timeout(3000)
    expect(page.get_by_text(month)).to_be_visible()  # paused: the month no longer changes


def test_an_uploaded_trip_is_drawn_and_its_text_shown_as_text(page, page_log, app_url, tmp_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    frame = open_travels(page, app_url)
    upload = tmp_path / "trips.csv"
    upload.write_text(
        "traveller,date_start,date_end,city,country,source,event\n"
        "Lavrov,2022-10-05,2022-10-06,Addis Ababa,Ethiopia,my notes,<img src=x onerror=alert(1)>\n"
        "Lavrov,2022-10-07,,Kampla,Uganda,my notes,Second stop\n", encoding="utf-8")
    page.get_by_text("Add trips from a CSV").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    expect(page.get_by_text("1 stop(s) from trips.csv are on the map")).to_be_visible(timeout=20000)
    expect(page.get_by_text(re.compile(r"Line 3: 'Kampla' was not found .* Did you mean 'Kampala'"))).to_be_visible()
    expect(frame.locator("path.leg.to-ETH")).to_have_count(2, timeout=20000)  # July and the upload
    set_date_range(page, "Dates", date(2022, 10, 1), date(2022, 10, 31))
    expect(frame.locator("path.stop.iso-ETH")).to_have_count(1, timeout=20000)
    click_on_map(page, frame, "path.stop.iso-ETH")
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<img src=x onerror=alert(1)>")
    expect(popup).to_contain_text("Unverified")  # no confidence given: treated as unverified
    assert popup.locator("img").count() == 0
    assert dialogs == []
    assert page_log.blocked == []


def test_the_overview_can_colour_countries_by_who_visited_them(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    choose_layer(frame, VISITED.title)
    expect(frame.locator("path.iso-EGY").first).to_have_attribute("fill", VISITED.colour("lavrov"))
    assert fill_of(frame, "KAZ") == VISITED.colour("putin")
    assert fill_of(frame, "IRN") == VISITED.colour("both")
    assert fill_of(frame, "OMN") == VISITED.colour("unverified")
    assert fill_of(frame, "SRB") == VISITED.colour("none"), "the Belgrade visit was cancelled"
    expect(frame.locator(".atlas-legend")).to_contain_text("Visited by both")


def test_a_link_hiding_layers_opens_them_hidden_and_logs_no_warning(page, tmp_path):
    """/travels?hide=putin,stops on a fresh server: Putin and the stops are off, and the server
    log holds no Session State warning or stack trace."""
    from tests.appserver import log_path, running_app
    with running_app(env={"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}"}) as url:
        page.goto(f"{url}/travels?hide=putin,stops")
        expect(page.get_by_role("checkbox", name="Vladimir Putin")).not_to_be_checked(timeout=45000)
        expect(page.get_by_role("checkbox", name="Sergey Lavrov")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Stops")).not_to_be_checked()
        page.wait_for_timeout(1000)
        log = log_path(int(url.rsplit(":", 1)[1])).read_text()
    assert "Session State API" not in log and "Traceback" not in log and "Stack (most recent" not in log


def test_the_controls_do_not_move_when_play_turns_into_pause(page, app_url):
    frame = open_travels(page, app_url)
    controls = page.locator(".st-key-travel_controls")
    before = controls.bounding_box()
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_text("Playing: January 2022")).to_be_visible(timeout=20000)
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_have_count(1)
    assert controls.bounding_box()["height"] == before["height"], "the layout jumped"
    assert "⏸" not in pause.inner_text(), "a symbol the font may lack (drawn as an empty box)"
    pause.click()
    expect(page.get_by_role("button", name="Play")).to_have_count(1, timeout=20000)
    assert frame.locator("path.country").count() > 0


def test_the_legend_hides_no_stop(page, app_url):
    frame = open_travels(page, app_url)
    legend = frame.locator(".travel-legend").bounding_box()
    covered = frame.evaluate("""([l]) => [...document.querySelectorAll('path.stop')].filter(p => {
        const r = p.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        return x >= l.x && x <= l.x + l.width && y >= l.y && y <= l.y + l.height;
    }).map(p => p.getAttribute('class'))""", [legend])
    assert covered == []
    assert frame.locator("path.stop").count() >= 25


def test_pacific_stops_lie_east_of_asia_where_the_route_goes(page, app_url, tmp_path):
    open_travels(page, app_url)
    upload = tmp_path / "pacific.csv"
    upload.write_text("traveller,date_start,date_end,city,country,source,event\n"
                      "Lavrov,2022-11-20,2022-11-21,Honolulu,United States,my notes,APEC side meeting\n"
                      "Lavrov,2022-11-22,2022-11-22,Apia,Samoa,my notes,Pacific forum\n", encoding="utf-8")
    page.get_by_text("Add trips from a CSV").click()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    expect(page.get_by_text("2 stop(s) from pacific.csv are on the map")).to_be_visible(timeout=20000)
    frame = map_frame(page, shapes="path.stop.iso-WSM")

    def x_of(selector):
        box = frame.locator(selector).first.bounding_box()
        return box["x"] + box["width"] / 2

    beijing, new_york = x_of("path.stop.iso-CHN"), x_of("path.stop.iso-USA.confidence-conflicting_dates")
    honolulu, apia = x_of("path.stop.iso-USA.confidence-unverified"), x_of("path.stop.iso-WSM")
    assert new_york < beijing < honolulu and beijing < apia, "the Pacific is east of Asia, not far west"
    assert frame.locator("path.country.base.iso-WSM").count() >= 1, "Samoa is drawn there too"
    box = frame.locator(".leaflet-container").bounding_box()
    assert all(box["x"] <= x <= box["x"] + box["width"] for x in (new_york, beijing, honolulu, apia)), \
        "every stop in view"


COUNT_ZOOM_ANIMATIONS = """(() => {
    // Every Leaflet map counts its zoom animations from its first moment (window.L is set last).
    let leaflet;
    Object.defineProperty(window, 'L', {configurable: true, get: () => leaflet, set: (value) => {
        leaflet = value;
        value.Map.addInitHook(function () {
            this.on('zoomanim', () => { window.__zoomanims = (window.__zoomanims || 0) + 1; });
        });
    }});
})()"""

STOPS_OUTSIDE = """() => {
    const map = document.querySelector('.leaflet-container').getBoundingClientRect();
    return [...document.querySelectorAll('path.stop')].filter(p => {
        const r = p.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        return !(x >= map.left && x <= map.right && y >= map.top && y <= map.bottom);
    }).map(p => p.getAttribute('class'));
}"""


def test_travels_opens_still_and_keeps_every_stop_in_view_when_its_frame_changes_size(phone, app_url):
    phone.context.add_init_script(COUNT_ZOOM_ANIMATIONS)
    phone.goto(app_url + "/travels")
    frame = map_frame(phone, shapes="path.leg")
    assert frame.locator("path.stop").count() >= 25
    assert frame.evaluate("window.__zoomanims || 0") == 0, "the map opened with an animated zoom"
    assert frame.evaluate(STOPS_OUTSIDE) == []
    container = frame.locator(".leaflet-container")
    for width, height, frame_height in [(390, 600, None), (390, 600, 300), (700, 500, 300), (700, 500, 540)]:
        phone.set_viewport_size({"width": width, "height": height})  # a phone turned, a window resized
        if frame_height:  # the frame given another height, as Streamlit may
            container.evaluate("(c, h) => { c.style.height = h + 'px'; }", frame_height)
        expect(container).to_have_js_property("clientHeight", frame_height or 540)
        frame.wait_for_function(f"({STOPS_OUTSIDE})().length === 0", timeout=5000)
    assert frame.evaluate("window.__zoomanims || 0") == 0, "a refit was animated"
