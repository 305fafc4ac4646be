"""Datasets in a real browser: an uploaded Windows-1252 semicolon file with decimal commas is
drawn with mapclassify's classes, and a shipped dataset is one layer of the overview's map."""
from __future__ import annotations

import re

import mapclassify
import numpy as np
import pytest
from branca.utilities import color_brewer
from playwright.sync_api import expect

from tests.appserver import running_app
from tests.mapdriver import choose_layer, fill_of, hover_on_map, legend_text, map_frame, wait_for_fill
from tests.test_browser_upload import upload_file, wait_until_idle

pytestmark = pytest.mark.browser

NOT_COVERED = "#ececec"
FILE = ("Land;Anteil\r\nGermany;66,2\r\nCôte d'Ivoire;12,5 %\r\nEgypt;78,2\r\nFrance;n/a\r\n"
        "Italy;abc\r\nPoland;40\r\nIndia;1.234,5\r\nChile;7,1\r\nKenya;22,4\r\n").encode("cp1252")


@pytest.fixture
def app_url(tmp_path):
    with running_app(env={"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}"}) as url:
        yield url


def test_an_uploaded_decimal_comma_file_is_drawn_with_mapclassifys_classes(page, app_url):
    page.goto(app_url)
    page.get_by_role("link", name="Upload data").click()
    page.get_by_text("A dataset of country figures").click()
    wait_until_idle(page)
    upload_file(page, FILE, "anteil.csv")
    expect(page.get_by_text("Numbers are read with a decimal comma")).to_be_visible(timeout=30000)
    expect(page.get_by_text("Line 6: 'abc' in 'Anteil' is neither a number")).to_be_visible()
    for label, value in (("Title (required)", "Share of something"), ("Source (required)", "A survey, 2021"),
                         ("Year or as-of date (required)", "2021")):
        box = page.get_by_role("textbox", name=label)
        box.fill(value)
        box.press("Enter")
        wait_until_idle(page)
    frame = map_frame(page)
    # Computed here from the file's numbers, independently of the atlas's code.
    values = {"DEU": 66.2, "CIV": 12.5, "EGY": 78.2, "POL": 40.0, "IND": 1234.5, "CHL": 7.1, "KEN": 22.4}
    classifier = mapclassify.FisherJenks(np.array(list(values.values())), k=5)
    colours = color_brewer("YlGnBu", 5)
    for iso3, klass in zip(values, classifier.yb):
        wait_for_fill(page, iso3, colours[klass])
    assert fill_of(frame, "USA") == NOT_COVERED and fill_of(frame, "ITA") == NOT_COVERED  # Italy's row is out
    legend = legend_text(frame)
    assert "Share of something (2021)" in legend and "Not covered by this dataset" in legend
    assert "7.1% to 12.5%" in legend
    expect(page.get_by_text("Covers 8 of the 193 UN members.")).to_be_visible()


# A World Bank download as it comes (four lines before the header, years as columns, the latest
# year still empty, regions and income groups among the countries), World Bank names throughout.
WORLD_BANK_VALUES = {"EGY": ("Egypt, Arab Rep.", 41.2), "IRN": ("Iran, Islamic Rep.", 12.0),
                     "KOR": ("Korea, Rep.", 3.5), "COD": ("Congo, Dem. Rep.", 55.0),
                     "YEM": ("Yemen, Rep.", 70.1), "GMB": ("Gambia, The", 28.3), "LAO": ("Lao PDR", 8.8),
                     "VEN": ("Venezuela, RB", 19.9), "TUR": ("Turkiye", 35.6), "KGZ": ("Kyrgyz Republic", 64.0)}
WORLD_BANK = ('"Data Source","World Development Indicators",\n\n"Last Updated Date","2024-06-28",\n\n'
              '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020","2021",\n'
              + "".join(f'"{name}","{code}","Cereal imports (% of merchandise imports)","TM.CER","1","{value}","",\n'
                        for code, (name, value) in WORLD_BANK_VALUES.items())
              + '"World","WLD","Cereal imports (% of merchandise imports)","TM.CER","5","6","",\n'
                '"Sub-Saharan Africa","SSF","Cereal imports (% of merchandise imports)","TM.CER","7","8","",\n'
              ).encode()


def test_a_world_bank_download_opens_on_its_latest_year_with_figures(page, app_url):
    page.goto(app_url)
    page.get_by_role("link", name="Upload data").click()
    page.get_by_text("A dataset of country figures").click()
    wait_until_idle(page)
    upload_file(page, WORLD_BANK, "API_TM.CER_DS2_en_csv_v2.csv")
    expect(page.get_by_text("'World' and 'Sub-Saharan Africa' are groups of countries")).to_be_visible(timeout=30000)
    expect(page.get_by_text("South Africa")).to_have_count(0)
    for label, value in (("Source (required)", "World Bank, World Development Indicators"),
                         ("Unit", "%")):
        box = page.get_by_role("textbox", name=label)
        box.fill(value)
        box.press("Enter")
        wait_until_idle(page)
    frame = map_frame(page)
    values = {code: value for code, (_, value) in WORLD_BANK_VALUES.items()}  # 2020, not the empty 2021
    classifier = mapclassify.FisherJenks(np.array(list(values.values())), k=5)
    colours = color_brewer("YlGnBu", 5)
    for iso3, klass in zip(values, classifier.yb):
        wait_for_fill(page, iso3, colours[klass])
    legend = legend_text(frame)
    assert "Cereal imports (% of merchandise imports) (2020)" in legend
    expect(page.get_by_text("Covers 10 of the 193 UN members.")).to_be_visible()
    hover_on_map(page, frame, "path.country.iso-EGY")  # the value, with its unit, of the year drawn
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("Egypt")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text(
        "Cereal imports (% of merchandise imports) (2020): 41.2%")


def test_a_shipped_dataset_is_a_layer_of_the_overviews_map(page, app_url):
    page.goto(app_url)
    frame = map_frame(page)
    choose_layer(frame, "Wheat imports from Russia and Ukraine together")
    frame = wait_for_fill(page, "USA", NOT_COVERED)
    legend = legend_text(frame)
    assert "Wheat imports from Russia and Ukraine together (Africa) (2018-2020)" in legend
    assert fill_of(frame, "EGY") != NOT_COVERED
    expect(page.get_by_text("Covers 42 of the 193 UN members.")).to_be_visible(timeout=30000)
    expect(page.get_by_role("radio", name="Wheat imports from Russia and Ukraine together")).to_be_checked()


SAVED = ("country,share (%),title,source,year\n"
         + "".join(f"{name},{value},Ports open to Russian ships,https://example.org/ports,2023\n"
                   for name, value in (("Egypt", 10), ("Kenya", 20), ("India", 30), ("Brazil", 55),
                                       ("Chile", 80), ("Peru", 95)))).encode()


PORTS_VALUES = {"EGY": 10, "KEN": 20, "IND": 30, "BRA": 55, "CHL": 80, "PER": 95}


def save_ports(editor, url: str) -> None:
    """An editor saves SAVED through the Upload page of the server at URL."""
    from tests.test_browser_upload import TOKEN, open_upload_page

    open_upload_page(editor, url)
    editor.get_by_text("A dataset of country figures").click()
    wait_until_idle(editor)
    upload_file(editor, SAVED, "ports.csv")
    expect(editor.get_by_text("Covers 6 of the 193 UN members.")).to_be_visible(timeout=30000)
    token = editor.get_by_role("textbox", name="Editor token")
    token.fill(TOKEN)
    token.press("Enter")
    wait_until_idle(editor)
    editor.get_by_role("button", name="Save to the atlas").click()
    expect(editor.get_by_text(re.compile(r"Saved as version \d+: 'Ports open to Russian ships'"))) \
        .to_be_visible(timeout=30000)


def expect_ports_drawn(page) -> None:
    """The saved layer, chosen on PAGE's map, drawn with mapclassify's classes computed here."""
    frame = map_frame(page)
    choose_layer(frame, "Ports open to Russian ships")
    classifier = mapclassify.FisherJenks(np.array(list(PORTS_VALUES.values()), dtype=float), k=5)
    colours = color_brewer("YlGnBu", 5)
    for iso3, klass in zip(PORTS_VALUES, classifier.yb):
        frame = wait_for_fill(page, iso3, colours[klass])
    assert fill_of(frame, "USA") == NOT_COVERED
    assert "Ports open to Russian ships (2023)" in legend_text(frame)


def test_a_dataset_saved_through_one_server_is_on_the_map_of_another_on_the_same_store(browser, database_url):
    """An editor saves on one server; a reader of another, whose page was open before, finds the
    layer after the next rerun, and its ?layer= link reopens it for anyone."""
    from tests.test_browser_upload import TOKEN

    env = {"ATLAS_DATABASE_URL": database_url, "ATLAS_EDITOR_TOKEN": TOKEN}
    contexts = [browser.new_context(viewport={"width": 1400, "height": 950}) for _ in range(2)]
    try:
        with running_app(env=env) as first, running_app(env=env) as second:
            editor, reader = (context.new_page() for context in contexts)
            reader.goto(second)
            map_frame(reader)
            expect(reader.get_by_role("radio", name="Wheat imports from Russia and Ukraine together")) \
                .to_be_visible()
            assert reader.get_by_role("radio", name="Ports open to Russian ships").count() == 0

            save_ports(editor, first)
            expect(editor.get_by_text("Ports open to Russian ships (%; 6 countries), saved in version 2")).to_be_visible()

            # The reader's next rerun (any widget; here a reload) shows the new layer in the control.
            reader.reload()
            expect_ports_drawn(reader)

            classifier = mapclassify.FisherJenks(np.array(list(PORTS_VALUES.values()), dtype=float), k=5)
            colours = color_brewer("YlGnBu", 5)
            link = contexts[1].new_page()
            link.goto(f"{second}/?layer=ds-ports-open-to-russian-ships")
            frame = wait_for_fill(link, "PER", colours[classifier.yb[-1]])
            expect(link.get_by_role("radio", name="Ports open to Russian ships")).to_be_checked()
    finally:
        for context in contexts:
            context.close()


def test_the_downloads_carry_every_datasets_values_and_sources(page, app_url, tmp_path):
    """A journalist exporting the overview gets the datasets' values per country and their sources."""
    import csv
    import io

    from geo.intake.datasets import shipped_datasets
    from tests.test_browser_exports import download

    wheat = next(d for d in shipped_datasets() if d.key.startswith("wheat"))
    expected = wheat.values(wheat.columns[0].name).set_index("iso3")["value"]
    page.goto(app_url + f"/?layer=ds-{wheat.key}")
    map_frame(page)
    rows = list(csv.DictReader(io.StringIO(download(page, "Data as CSV").path().read_text(encoding="utf-8-sig"))))
    column = f"ds-{wheat.key} (%)"
    egypt = next(r for r in rows if r["iso3"] == "EGY")
    assert float(egypt[column]) == pytest.approx(expected["EGY"])
    assert next(r for r in rows if r["iso3"] == "USA")[column] == ""  # not covered
    exported = tmp_path / "map.html"
    download(page, "Map as HTML (works offline)").save_as(exported)
    text = exported.read_text(encoding="utf-8")
    footer = text[text.rindex("<footer>"):]
    assert f"Dataset: {wheat.title}" in footer and "ONE" in footer


def on_screen(frame, iso3: str) -> dict:
    """How much of a country's shape is inside the map, and how wide it is drawn, in pixels."""
    return frame.evaluate("""(iso3) => {
        const m = document.querySelector('.leaflet-container').getBoundingClientRect();
        const q = document.querySelector('path.iso-' + iso3).getBoundingClientRect();
        const w = Math.max(0, Math.min(q.right, m.right) - Math.max(q.left, m.left));
        const h = Math.max(0, Math.min(q.bottom, m.bottom) - Math.max(q.top, m.top));
        return {inside: w * h / Math.max(1, q.width * q.height), width: q.width};
    }""", iso3)


def test_a_regional_dataset_is_shown_at_its_region_and_the_world_again_after(page, app_url):
    """Europe's gas covers 35 countries: on the world map it was a small patch amid 'not covered'."""
    from geo.vocab import RUSSIA_STANCE

    page.goto(app_url)
    frame = map_frame(page)
    world_width = on_screen(frame, "DEU")["width"]
    assert on_screen(frame, "BRA")["inside"] == 1
    choose_layer(frame, "Natural-gas imports from Russia")
    frame = wait_for_fill(page, "USA", NOT_COVERED)
    frame.wait_for_function("() => document.querySelector('path.iso-DEU').getBoundingClientRect().width > "
                            f"{2 * world_width}", timeout=15000)
    assert on_screen(frame, "DEU")["inside"] == 1 and on_screen(frame, "ITA")["inside"] == 1
    assert on_screen(frame, "BRA")["inside"] == 0, "the Americas are out of a map of Europe's gas"
    choose_layer(frame, RUSSIA_STANCE.title)
    frame.wait_for_function("() => document.querySelector('path.iso-DEU').getBoundingClientRect().width < "
                            f"{1.2 * world_width}", timeout=15000)
    assert on_screen(frame, "BRA")["inside"] == 1 and on_screen(frame, "AUS")["inside"] == 1
