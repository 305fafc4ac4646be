"""Measure the Travels map: bytes streamlit-folium sends, and time from page open to routes drawn.

Run: .venv/bin/python bench/travels.py  (starts the real app on a free port, headless Chromium).
"""
from __future__ import annotations

import statistics
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string  # noqa: E402

from geo.travels.route_layers import TOGGLES, build_travel_map, travel_routes  # noqa: E402
from geo.travels.routes import legs_between, stop_markers, stops_between  # noqa: E402
from tests.appserver import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from ui.data import map_shapes  # noqa: E402
from ui.travels import shipped_travels  # noqa: E402

import drawn  # noqa: E402  (bench/, the script's own folder)

RUNS = 3


def payload() -> dict[str, int]:
    """Sizes of what st_folium sends for the Travels map: the mounted base, and the routes."""
    travels = shipped_travels()
    show = {key: True for key in TOGGLES}
    sizes = {}
    for label, (start, end) in {"year": (date(2022, 1, 1), date(2022, 12, 31)),
                                "july": (date(2022, 7, 1), date(2022, 7, 31))}.items():
        base = build_travel_map(map_shapes(), {}, travels.bounds, "/app/static")
        base.get_root().render()
        header, script = _get_header(base), _get_map_string(base)
        routes = travel_routes(legs_between(list(travels.legs), start, end),
                               stop_markers(stops_between(list(travels.stops), start, end)), show)
        group = _get_feature_group_string(routes, base)
        sizes["base script (kept mounted, not redrawn on reruns)"] = len(script.encode())
        sizes["base header"] = len(header.encode())
        sizes[f"routes feature group, {label}"] = len(group.encode())
    return sizes


def time_to_routes(url: str, legs: int) -> list[float]:
    """Seconds from opening /travels in a fresh tab to every leg drawn; first run is cold."""
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(RUNS + 1):
            context = browser.new_context(viewport={"width": 1400, "height": 950})
            page = context.new_page()
            drawn.prepare(page, "path.leg", count=legs)
            page.goto(f"{url}/travels")
            times.append(drawn.seconds_to_map(page))
            context.close()
        browser.close()
    return times


def main() -> None:
    for name, size in payload().items():
        print(f"{name}: {size:,} bytes")
    with running_app() as url:
        times = time_to_routes(url, len(shipped_travels().legs))
    print(f"page open -> {len(shipped_travels().legs)} legs drawn: cold {times[0]:.2f} s; then "
          + ", ".join(f"{t:.2f}" for t in times[1:]) + f" s (median {statistics.median(times[1:]):.2f} s)")


if __name__ == "__main__":
    main()
