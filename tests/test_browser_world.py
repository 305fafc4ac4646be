"""The whole world in a real browser: every UN member has a class, roll calls match, shares add up."""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.intake.countries import un_members
from geo.intake.io import POPULATION_PATH, VOTES_PATH
from geo.vocab import (MOVEMENT, NO_DATA_COLOUR, RUSSIA_STANCE, SUBJECT_COLOUR, UN_VOTE, US_ALIGNMENT,
                       VOTE_LAYERS)
from tests.mapdriver import choose_layer, click_country, legend_text, map_frame, wait_for_fill

pytestmark = pytest.mark.browser
MEMBERS = set(un_members())
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
FILLS_JS = """() => {
    const fills = {};
    document.querySelectorAll('path.country').forEach(p => {
        const cls = [...p.classList].find(c => c.startsWith('iso-'));
        if (cls && !(cls.slice(4) in fills)) fills[cls.slice(4)] = p.getAttribute('fill');
    });
    return fills;
}"""


def fills(frame) -> dict[str, str]:
    """ISO3 -> the fill a person sees on that country's first shape (or dot)."""
    return frame.evaluate(FILLS_JS)


def roll_call(resolution: str) -> dict[str, str]:
    """An independent copy of the roll call when the reference is checked out, else the shipped one."""
    if (REFERENCE / "unga_es11_rollcalls.csv").exists():
        with (REFERENCE / "unga_es11_rollcalls.csv").open() as f:
            return {r["iso3"]: r["value"] for r in csv.DictReader(f) if r["resolution"] == resolution}
    with VOTES_PATH.open() as f:
        return {r["iso3"]: r["vote"] for r in csv.DictReader(f) if r["resolution"] == resolution}


@pytest.mark.parametrize("vocabulary", [RUSSIA_STANCE, US_ALIGNMENT], ids=lambda v: v.column)
def test_the_two_main_layers_give_every_un_member_a_class(page, app_url, vocabulary):
    page.goto(app_url)
    frame = map_frame(page)
    choose_layer(frame, vocabulary.title)
    expect(frame.locator(".atlas-legend")).to_contain_text(vocabulary.title)
    shown = fills(frame)
    allowed = {c.colour for c in vocabulary.categories}
    unclassed = sorted(iso3 for iso3 in MEMBERS if shown.get(iso3) not in allowed
                       and not (iso3 == vocabulary.subject_iso3 and shown.get(iso3) == SUBJECT_COLOUR))
    assert unclassed == [], f"members without a class: {unclassed}"
    assert NO_DATA_COLOUR not in {shown[iso3] for iso3 in MEMBERS}


OFFICIAL = {"ES-11/1": (141, 5, 35, 12), "ES-11/2": (140, 5, 38, 10), "ES-11/3": (93, 24, 58, 18),
            "ES-11/4": (143, 5, 35, 10), "ES-11/5": (94, 14, 73, 12), "ES-11/6": (141, 7, 32, 13)}


@pytest.mark.parametrize("resolution", sorted(OFFICIAL))
def test_each_vote_layer_agrees_member_by_member_with_the_uns_roll_call(page, app_url, resolution):
    page.goto(app_url)
    frame = map_frame(page)
    vocabulary = VOTE_LAYERS[resolution]
    choose_layer(frame, vocabulary.title)
    expect(frame.locator("path.iso-RUS").first).to_have_attribute("fill", vocabulary.colour("no"))
    shown, expected = fills(frame), roll_call(resolution)
    assert len(expected) == 193
    wrong = {iso3: (vote, shown.get(iso3)) for iso3, vote in expected.items()
             if shown.get(iso3) != vocabulary.colour(vote)}
    assert wrong == {}
    assert tuple(Counter(expected.values())[v] for v in ("yes", "no", "abstain", "absent")) == OFFICIAL[resolution]
    legend = legend_text(frame)
    assert "not named" not in legend and "or absent" not in legend
    page.get_by_text(vocabulary.title).first.click()  # the sidebar gives the same counts
    sidebar = page.locator("[data-testid='stSidebar']")
    yes, no, abstain, absent = OFFICIAL[resolution]
    expect(sidebar).to_contain_text(f"In favour: {yes}")
    expect(sidebar).to_contain_text(f"Official totals: {yes} in favour, {no} against, {abstain} abstentions, "
                                    f"{absent} absent")


def test_the_movement_layer_agrees_with_the_rule_recomputed_from_the_roll_calls(page, app_url):
    score = {"yes": 1, "abstain": 0, "absent": 0, "no": -1}
    calls = {r: roll_call(r) for r in OFFICIAL}
    expected = {}
    for iso3 in MEMBERS - {"RUS"}:
        cast = [calls[r][iso3] for r in sorted(OFFICIAL)]
        first, last = score[cast[0]], score[cast[-1]]
        expected[iso3] = ("steady_ukraine" if set(cast) == {"yes"} else "steady_russia" if set(cast) == {"no"}
                          else "never_sided" if set(cast) <= {"abstain", "absent"}
                          else "towards_ukraine" if last > first else "towards_russia" if last < first
                          else "unchanged")
    page.goto(app_url)
    frame = map_frame(page)
    choose_layer(frame, MOVEMENT.title)
    expect(frame.locator("path.iso-MLI").first).to_have_attribute("fill", MOVEMENT.colour("towards_russia"))
    shown = fills(frame)
    wrong = {iso3: (value, shown.get(iso3)) for iso3, value in expected.items()
             if shown.get(iso3) != MOVEMENT.colour(value)}
    assert wrong == {}
    assert shown["RUS"] == SUBJECT_COLOUR


def test_the_slider_reaches_the_2023_vote_and_the_map_follows_it(page, app_url):
    page.goto(f"{app_url}/?layer=vote_es11_6&day=2023-02-23")
    frame = map_frame(page)
    expect(page.get_by_text("The slider covers 4 Feb 2022 to 23 Feb 2023.")).to_be_visible()
    expect(frame.locator("path.iso-MLI").first).to_have_attribute("fill", VOTE_LAYERS["ES-11/6"].colour("no"))
    page.goto(f"{app_url}/?layer=vote_es11_6&day=2022-12-19")
    frame = map_frame(page)
    expect(frame.locator("path.iso-MLI").first).to_have_attribute("fill", NO_DATA_COLOUR)


def test_population_shares_in_the_sidebar_match_the_world_banks_figures(page, app_url):
    with POPULATION_PATH.open() as f:
        population = {r["iso3"]: int(r["population"]) for r in csv.DictReader(f)}
    with VOTES_PATH.open() as f:
        es11_1 = {r["iso3"]: r["vote"] for r in csv.DictReader(f) if r["resolution"] == "ES-11/1"}
    total = sum(population.values())
    in_favour = sum(population[iso3] for iso3, vote in es11_1.items() if vote == "yes") / total
    page.goto(app_url)
    map_frame(page)
    page.get_by_text(UN_VOTE.title).first.click()
    wait_for_fill(page, "IND", UN_VOTE.colour("abstain"))
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_contain_text(f"In favour: 141 (73% of members, {in_favour * 100:.0f}% of people)")
    bars = sidebar.locator(".atlas-shares[role='img']")
    expect(bars).to_have_attribute("aria-label", re.compile("In favour: 73% of members"))
    expect(bars.get_by_text("People")).to_be_visible()
    assert bars.locator("div[title^='In favour: 73% of members']").bounding_box()["width"] > 50


def test_the_details_panel_names_every_input_with_its_source(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    click_country(page, frame, "FRA")
    details = page.locator("[data-testid='stColumn']", has=page.get_by_role("heading", name="France"))
    expect(details).to_contain_text("Relation to Russia: Opposed (derived by the atlas's rule)")
    for text in ("Why: sanctions since 23 Feb 2022 (the EU's)", "ES-11/1, the invasion", "ES-11/5, reparations",
                 "Sanctions on Russia in 2022: The EU's sanctions", "On Russia's 'unfriendly countries' list: On the list",
                 "US alliances in 2022: NATO member", "Visits by Lavrov or Putin in 2022: none recorded"):
        expect(details).to_contain_text(text)
    assert details.get_by_role("link").count() >= 6, "sources are links a reader can follow"


def test_no_text_on_the_pages_carries_an_internal_path_or_a_working_note(page, app_url):
    for path in ("", "sources", "travels", "upload"):
        page.goto(f"{app_url}/{path}")
        page.get_by_role("heading").first.wait_for()
        page.wait_for_timeout(1500)
        text = page.locator("body").inner_text()
        for phrase in ("shared/", "per memory", "search pass", "seed/000"):
            assert phrase not in text, (path, phrase)
