"""An embed's map against the app's and the standalone export's, side by side in one run.

Times from navigation to the first drawn country (a Leaflet path in any frame), in fresh
headless-Chromium contexts (cold caches): the embed and the app (server.py, as `make run`) on the
slow link of bench/serve.py (150 ms round trip, 1.6 Mbit/s), and the embed against the standalone
HTML export on loopback. Usage: .venv/bin/python bench/embed.py [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.serve import SLOW_4G  # noqa: E402
from tests.appserver import running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def first_country(browser, url: str, slow: bool) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    if slow:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    deadline = start + 60
    while time.perf_counter() < deadline:
        if any(f.query_selector("path.leaflet-interactive") for f in page.frames if not f.is_detached()):
            break
        page.wait_for_timeout(20)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def standalone_file(app: str) -> str:
    """The app's 'Map as HTML' export of the same view, written to a file."""
    from geo.export import country_details, dataset_credits
    from geo.layers import build_overview_map, overview_state, overview_view
    from geo.standalone import standalone_html
    from ui.data import load_atlas, map_shapes
    atlas = load_atlas()
    exported = build_overview_map(map_shapes(), "/app/static", details=country_details(atlas.countries, atlas.records))
    overview_view(overview_state(atlas.map_values, "stance")).add_to(exported)
    path = Path(tempfile.mkdtemp()) / "map.html"
    path.write_text(standalone_html(exported, "Atlas", dataset_credits(atlas.votes, 1)))
    return path.as_uri()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder, \
            running_app({"ATLAS_DATABASE_URL": f"sqlite:///{folder}/atlas.db",
                         "ATLAS_EMBED_DIR": f"{folder}/embed"}) as app:
        import os
        os.environ["ATLAS_DATABASE_URL"] = f"sqlite:///{folder}/atlas.db"
        embed = f"{app}/embed/stance/latest.html"
        cases = {"embed, slow link": (embed, True), "app, slow link": (f"{app}/?layer=stance", True),
                 "embed, loopback": (embed, False), "standalone export, loopback": (standalone_file(app), False)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            times = {name: statistics.median(first_country(browser, url, slow) for _ in range(runs))
                     for name, (url, slow) in cases.items()}
            browser.close()
    for name, seconds in times.items():
        print(f"{name:32s} {seconds:6.2f} s (median of {runs})")
    print(f"app / embed on the slow link: {times['app, slow link'] / times['embed, slow link']:.1f}x")
    print(f"embed / standalone on loopback: {times['embed, loopback'] / times['standalone export, loopback']:.2f}x")


if __name__ == "__main__":
    main()
