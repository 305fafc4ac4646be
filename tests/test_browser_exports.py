"""What a journalist downloads from the overview opens, parses and cites its sources."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.appserver import CHROMIUM, CHROMIUM_ARGS
from tests.mapdriver import map_frame

pytestmark = pytest.mark.browser


def download(page, label: str):
    button = page.get_by_role("button", name=label)
    if not button.is_visible():
        page.get_by_text("Export", exact=True).first.click()  # open the expander
    with page.expect_download() as info:
        button.click()
    return info.value


def test_the_data_downloads_as_csv_and_geojson_with_sources_and_version(page, app_url):
    page.goto(app_url + "/?country=TUR")
    map_frame(page)
    data = download(page, "Data as CSV")
    assert data.suggested_filename.startswith("isolation-atlas-v1")
    rows = list(csv.DictReader(io.StringIO(data.path().read_text(encoding="utf-8-sig"))))
    turkey = next(r for r in rows if r["iso3"] == "TUR")
    assert turkey["russia_stance"] == "Hedging" and "NATO member" in turkey["evidence"]
    assert turkey["dataset_version"] == "1"
    assert len({r["iso3"] for r in rows if r["un_member"] == "True"}) == 193

    geojson = json.loads(download(page, "Data as GeoJSON").path().read_text(encoding="utf-8"))
    assert geojson["type"] == "FeatureCollection"
    assert geojson["metadata"]["dataset_version"] == 1
    assert any("A/RES/ES-11/1 (A/ES-11/PV.5)" in s for s in geojson["metadata"]["sources"])
    india = next(f for f in geojson["features"] if f["properties"]["iso3"] == "IND")
    assert india["properties"]["vote"] == "abstain"

    records = download(page, "Records of TUR (CSV)")
    rows = list(csv.DictReader(io.StringIO(records.path().read_text(encoding="utf-8-sig"))))
    assert [r["iso3"] for r in rows] == ["TUR"] and rows[0]["dataset_version"] == "1"


def test_the_exported_map_draws_with_the_network_blocked(page, app_url, browser, tmp_path):
    page.goto(app_url + "/?layer=vote")
    map_frame(page)
    exported = download(page, "Map as HTML (works offline)")
    target = tmp_path / "map.html"
    exported.save_as(target)

    context = browser.new_context()
    requested = []

    def block_everything(route):
        if not route.request.url.startswith("file://"):
            requested.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", block_everything)
    offline = context.new_page()
    errors = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(target.as_uri())
    expect(offline.locator("path.country.iso-IND").first).to_have_attribute("fill", "#F0E442")
    expect(offline.locator(".atlas-legend")).to_contain_text("UN vote ES-11/1")
    expect(offline.get_by_role("heading", level=1)).to_have_text(re.compile("Isolation Atlas: UN vote ES-11/1"))
    expect(offline.locator("footer")).to_contain_text("dataset version 1")
    expect(offline.locator("footer")).to_contain_text("A/RES/ES-11/1 (A/ES-11/PV.5)")
    # Drawn at its final view: nothing moves under a first click (no zoom animation on load).
    india = offline.locator("path.country.iso-IND").first
    drawn_at = india.bounding_box()
    offline.wait_for_timeout(400)
    assert india.bounding_box() == drawn_at
    # A click shows the country's record, as the app's details panel does.
    india.click()
    details = offline.locator(".atlas-details")
    expect(details.get_by_role("heading", name="India")).to_be_visible()
    expect(details).to_contain_text("Abstained")
    expect(details).to_contain_text("60 million barrels")
    expect(details).to_contain_text("Source")
    expect(offline.locator("path.iso-IND.selected")).to_have_count(1)
    offline.locator(".leaflet-control-layers").hover()  # the layers still switch, offline
    offline.locator(".leaflet-control-layers label", has_text="Alignment with the US").click()
    expect(offline.locator("path.country.iso-IND").first).to_have_attribute("fill", "#56B4E9")
    assert requested == [] and errors == []
    context.close()
