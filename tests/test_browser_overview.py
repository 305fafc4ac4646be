"""The overview map in a real browser, offline, as a reader would use it."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.intake.countries import un_members
from geo.vocab import ENGAGEMENT, NO_DATA_COLOUR, RUSSIA_STANCE, UN_VOTE, US_ALIGNMENT
from tests.mapdriver import (choose_layer, click_country, drawn_iso3, fill_of, legend_text,
                             map_frame, unclickable, wait_for_fill)

pytestmark = pytest.mark.browser
ALIGNMENT_LABEL = US_ALIGNMENT.title


def details_column(page):
    """The column beside the map, found by what it holds rather than by position."""
    return page.locator("[data-testid='stColumn']", has=page.get_by_role("button", name=re.compile("Find a country")))


def open_overview(page, app_url):
    page.goto(app_url)
    return map_frame(page)


def test_map_draws_every_un_member_offline_without_errors(page, page_log, app_url):
    frame = open_overview(page, app_url)
    drawn = drawn_iso3(frame)
    missing = set(un_members()) - set(drawn)
    assert not missing, f"UN members not drawn: {sorted(missing)}"
    assert unclickable(frame, sorted(un_members())) == []
    markers = drawn_iso3(frame, "path.country.marker")
    assert {"TUV", "SGP", "MLT", "BHR", "MDV"} <= set(markers)
    assert page_log.blocked == [], "the page tried to reach the internet"
    assert page_log.errors == []


def test_the_map_asks_for_all_its_files_at_once_and_fetches_each_once(page, app_url):
    """streamlit-folium loads scripts one after another: without the preload, one round trip each."""
    frame = open_overview(page, app_url)
    fetched = frame.evaluate("""() => performance.getEntriesByType('resource')
        .filter(r => r.name.includes('/app/static/'))
        .map(r => [new URL(r.name).pathname.split('/').pop(), r.initiatorType])""")
    names = [name for name, _ in fetched]
    wanted = ["leaflet.js", "dom.js", "overview.js", "leaflet.css", "atlas.css"]
    assert all(name in names for name in wanted) and any(n.startswith("shapes-") for n in names), fetched
    assert len(names) == len(set(names)), f"a file was downloaded twice: {fetched}"
    assert {kind for name, kind in fetched if name in wanted or name.startswith("shapes-")} == {"link"}, \
        f"some files were not asked for up front: {fetched}"


def test_each_layer_in_the_map_control_recolours_the_map(page, app_url):
    frame = open_overview(page, app_url)
    assert fill_of(frame, "TUR") == RUSSIA_STANCE.colour("hedging")
    assert "Relation to Russia" in legend_text(frame)

    choose_layer(frame, US_ALIGNMENT.title)
    expect(frame.locator("path.iso-TUR").first).to_have_attribute("fill", US_ALIGNMENT.colour("treaty_ally"))
    assert fill_of(frame, "IRN") == US_ALIGNMENT.colour("rival")
    assert US_ALIGNMENT.title in legend_text(frame)

    choose_layer(frame, ENGAGEMENT.title)
    expect(frame.locator("path.iso-EGY").first).to_have_attribute("fill", ENGAGEMENT.colour("engaging"))
    assert fill_of(frame, "PHL") == ENGAGEMENT.colour("keeping_distance")

    choose_layer(frame, UN_VOTE.title)
    expect(frame.locator("path.iso-IND").first).to_have_attribute("fill", UN_VOTE.colour("abstain"))
    for iso3 in ("CHN", "IRN", "UGA"):
        assert fill_of(frame, iso3) == UN_VOTE.colour("abstain"), iso3
    for iso3 in ("EGY", "TUR", "PHL", "NOR", "FRA"):
        assert fill_of(frame, iso3) == UN_VOTE.colour("yes"), iso3
    assert fill_of(frame, "BLR") == UN_VOTE.colour("no")

    choose_layer(frame, RUSSIA_STANCE.title)
    expect(frame.locator("path.iso-TUR").first).to_have_attribute("fill", RUSSIA_STANCE.colour("hedging"))


def test_choosing_a_layer_in_the_sidebar_opens_the_map_on_it(page, app_url):
    open_overview(page, app_url)
    page.get_by_text(UN_VOTE.title).first.click()
    frame = wait_for_fill(page, "IND", UN_VOTE.colour("abstain"))
    expect(frame.locator(".atlas-legend")).to_contain_text(UN_VOTE.title)


@pytest.mark.parametrize("iso3, name, facts", [
    ("TUR", "Turkey", ["US treaty ally", "Hedging", "NATO", "Erdogan", "In favour"]),
    ("IND", "India", ["US partner", "Friendly", "Quad", "60 million barrels", "Abstained"]),
    ("PHL", "Philippines", ["US treaty ally", "Distancing", "helicopters", "In favour"]),
])
def test_clicking_a_country_shows_the_article_evidence(page, app_url, iso3, name, facts):
    frame = open_overview(page, app_url)
    click_country(page, frame, iso3)
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=15000)
    details = details_column(page)
    for fact in facts:
        expect(details).to_contain_text(fact)
    expect(details).to_contain_text("Associated Press, 'Isolation complication? US finds it's hard to shun Russia'")
    expect(details).not_to_contain_text("seed/")


@pytest.mark.parametrize("iso3, name", [("NOR", "Norway"), ("FRA", "France")])
def test_norway_and_france_carry_their_vote(page, app_url, iso3, name):
    frame = open_overview(page, app_url)
    click_country(page, frame, iso3)
    expect(page.get_by_role("heading", name=name)).to_be_visible(timeout=15000)
    expect(details_column(page)).to_contain_text("In favour")


def test_a_small_island_state_is_clickable_as_a_marker(page, app_url):
    frame = open_overview(page, app_url)
    click_country(page, frame, "TUV", marker=True)
    expect(page.get_by_role("heading", name="Tuvalu")).to_be_visible(timeout=15000)


def test_hovering_a_country_names_it_and_its_category(page, app_url):
    frame = open_overview(page, app_url)
    frame.locator("path.iso-EGY").first.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Egypt")
    expect(tooltip).to_contain_text("Friendly")


def test_sources_page_lists_every_record_with_its_citation(page, page_log, app_url):
    page.goto(app_url)
    page.get_by_role("link", name=re.compile("Sources")).click()
    expect(page.get_by_role("heading", name="Sources & method")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Country records \(\d+\)"))).to_be_visible()
    expect(page.get_by_role("heading", name="Relation to Russia", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="How the relation to Russia is set")).to_be_visible()
    expect(page.get_by_text("Opposed if the country imposed sanctions on Russia in 2022")).to_be_visible()
    assert page_log.blocked == []


def test_switching_layers_in_the_map_restyles_it_in_the_browser_at_once(page, app_url):
    """The map recolours in the same instant as the click, before any message could reach the
    server and come back; the page then follows (see test_browser_map)."""
    frame = open_overview(page, app_url)
    for vocabulary, iso3, value in ((US_ALIGNMENT, "IRN", "rival"), (UN_VOTE, "IND", "abstain"),
                                    (RUSSIA_STANCE, "TUR", "hedging")):
        fill = frame.evaluate("""([title, iso3]) => {
            const label = [...document.querySelectorAll('.leaflet-control-layers label')]
                .find(l => l.textContent.trim() === title);
            label.querySelector('input').click();
            return document.querySelector('path.iso-' + iso3).getAttribute('fill');
        }""", [vocabulary.title, iso3])
        assert fill == vocabulary.colour(value), vocabulary.title


def test_a_link_to_a_page_works_as_a_fresh_servers_first_request(page, page_log):
    """Shared links land on servers that have not run any page yet; every page has the menu."""
    from tests.appserver import running_app

    with running_app() as url:
        for path, heading in (("/sources", "Sources & method"), ("/travels", "Lavrov's and Putin's 2022 travels"),
                              ("/upload", "Upload data")):
            page.goto(url + path)
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=30000)
            sidebar = page.get_by_test_id("stSidebar")
            for label in ("Overview", "Travels", "Upload data", "Sources & method"):
                expect(sidebar.get_by_role("link", name=label)).to_be_visible()
            expect(sidebar).not_to_contain_text("app")
            expect(page.get_by_text("Page not found")).to_have_count(0)


def test_a_copied_link_reopens_the_same_layer_and_country(page, app_url):
    page.goto(app_url + "/?layer=vote&country=IND")
    frame = map_frame(page)
    expect(frame.locator(".atlas-legend")).to_contain_text(UN_VOTE.title)
    expect(page.get_by_role("heading", name="India")).to_be_visible()
    page.get_by_role("button", name=re.compile("Copy link to this view")).click()
    link = page.get_by_test_id("stCode").inner_text()
    assert "layer=vote" in link and "country=IND" in link
    # Choosing another layer in the sidebar updates the address bar for the next copy.
    page.get_by_text(ALIGNMENT_LABEL).first.click()
    expect(page).to_have_url(re.compile(r"layer=alignment"))


def test_the_map_is_described_and_its_layers_can_be_switched_by_keyboard(page, app_url):
    frame = open_overview(page, app_url)
    container = frame.locator(".leaflet-container")
    expect(container).to_have_attribute("aria-label", re.compile("coloured by Relation to Russia"))
    frame.locator(".leaflet-control-layers-toggle").focus()
    page.keyboard.press("Enter")  # opens the layer list
    expect(frame.locator(".leaflet-control-layers-expanded")).to_be_visible()
    # Leaflet ignores clicks on the list until a zero-delay timer set on opening has run (its guard
    # against a touch opening and clicking at once); a person is never that fast, Playwright can be.
    frame.evaluate("new Promise(resolve => setTimeout(resolve, 0))")
    radio = frame.get_by_role("radio", name=UN_VOTE.title)
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    expect(frame.locator("path.iso-IND").first).to_have_attribute("fill", UN_VOTE.colour("abstain"))
    expect(container).to_have_attribute("aria-label", re.compile("coloured by UN vote ES-11/1"))


def test_every_map_has_a_table_alternative(page, app_url):
    open_overview(page, app_url)
    page.get_by_role("button", name=re.compile("Show this map as a table")).click()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(table).to_contain_text("Relation to Russia")
    page.get_by_role("button", name=re.compile("Hide the table")).click()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)


def test_a_country_can_be_found_by_name_from_the_keyboard(page, app_url):
    open_overview(page, app_url)
    page.get_by_role("button", name=re.compile("Find a country")).focus()
    page.keyboard.press("Enter")
    search = page.get_by_role("textbox", name="Name or code of a country")
    expect(search).to_be_visible()
    for _ in range(3):  # into the popover, to its search box
        if search.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(search).to_be_focused()
    page.keyboard.type("Ugan")
    result = page.get_by_role("button", name="Uganda")
    expect(result).to_be_visible(timeout=15000)
    page.keyboard.press("Tab")
    expect(result).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uganda")).to_be_visible()
    expect(page.get_by_text(re.compile("Museveni")).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"country=UGA"))


def test_the_time_slider_under_the_map_steps_back_to_before_a_vote(page, app_url):
    page.goto(app_url + "/?layer=vote_es11_4")
    frame = map_frame(page)
    assert fill_of(frame, "IND") == UN_VOTE.colour("abstain")
    page.get_by_role("button", name="Step through 2022").click()  # the slider loads on request
    thumb = page.get_by_role("slider", name=re.compile("Data as of"))
    thumb.focus()
    page.keyboard.press("Home")  # the earliest snapshot, months before ES-11/4 was voted on
    expect(page.get_by_text(re.compile("Showing the data as of 2022-02-04"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"day=2022-02-04"))
    wait_for_fill(page, "IND", NO_DATA_COLOUR)


def test_the_benchmark_clock_stops_when_the_map_is_on_screen_and_not_before(page, app_url):
    """bench/drawn.py is the instrument behind the performance figures: check it reads true."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from bench import drawn

    drawn.prepare(page, "path.country", count=len(un_members()))
    page.goto(app_url)
    seconds = drawn.seconds_to_map(page)
    assert 0.1 < seconds < 60
    assert page.locator(drawn.MAP_FRAME).first.bounding_box()["height"] > 100
    assert len(drawn_iso3(map_frame(page))) >= len(un_members())

    other = page.context.new_page()  # a map that never shows what it waits for: no time at all
    drawn.prepare(other, "path.no-such-shape")
    other.goto(app_url)
    with pytest.raises(PlaywrightTimeout):
        drawn.seconds_to_map(other, timeout_s=8)
