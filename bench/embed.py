"""An embed against the app through `make serve`, side by side in one run.

Through deploy/serve.py (nginx and 2 workers on PostgreSQL when $ATLAS_TEST_POSTGRES_URL is set, in
a throwaway schema; else SQLite):
  - first drawn country (a Leaflet path in any frame), fresh headless-Chromium contexts (cold
    caches): the embed and the app on the slow link of bench/serve.py (150 ms round trip,
    1.6 Mbit/s, CDP network emulation); the embed against the standalone HTML export on loopback;
  - the workers' CPU time (/proc/<pid>/stat) over N embed loads in the browser: nginx serves them;
  - wrk against nginx's /embed/ page and one content-named asset, 127.0.0.1 only, bounded in time;
  - a PNG picture: the first request (made by a worker) and the next (a file from nginx).
Usage: ATLAS_TEST_POSTGRES_URL="$(scripts/test_postgres.sh)" .venv/bin/python bench/embed.py [--runs 3]
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.serve import SLOW_4G  # noqa: E402
from tests.appserver import front  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGE = "/embed/stance/latest.html"


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


def standalone_file() -> str:
    """The app's 'Map as HTML' export of the same view, written to a file."""
    from geo.maps.export import country_details, dataset_credits
    from geo.maps.layers import build_overview_map, overview_state, overview_view
    from geo.maps.standalone import standalone_html
    from ui.data import load_atlas, map_shapes
    atlas = load_atlas()
    exported = build_overview_map(map_shapes(), "/app/static", details=country_details(atlas.countries, atlas.records))
    overview_view(overview_state(atlas.map_values, "stance")).add_to(exported)
    path = Path(tempfile.mkdtemp()) / "map.html"
    path.write_text(standalone_html(exported, "Atlas", dataset_credits(atlas.votes, 1)))
    return path.as_uri()


def wrk(url: str, seconds: int = 10) -> float:
    """Requests per second of `wrk -t2 -c32` against URL (127.0.0.1 only), gzip asked as a browser does."""
    if not url.startswith("http://127.0.0.1"):
        raise ValueError("load tests run against 127.0.0.1 only")
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        raise RuntimeError(f"wrk got {non_2xx[1]} errors from {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])


def timed_get(url: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
        return time.perf_counter() - start, len(body), response.headers.get("Content-Type", "")


@contextlib.contextmanager
def database():
    if os.environ.get("ATLAS_TEST_POSTGRES_URL"):
        from tests.databases import postgres_schema
        with postgres_schema() as url:
            yield url, "PostgreSQL"
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/atlas.db", "SQLite (no $ATLAS_TEST_POSTGRES_URL)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--views", type=int, default=20, help="embed loads for the workers' CPU")
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (Debian's package)")
    embed_dir = tempfile.mkdtemp(prefix="atlas-embed-bench-")
    with database() as (url, kind), front(2, env={"ATLAS_DATABASE_URL": url, "ATLAS_EMBED_DIR": embed_dir}) as served:
        os.environ["ATLAS_DATABASE_URL"] = url
        base = served.url
        with urllib.request.urlopen(base + PAGE) as response:
            asset = re.search(r'src="(/embed/assets/leaflet\.[0-9a-f]+\.js)"', response.read().decode())[1]
        cases = {"embed, slow link": (base + PAGE, True), "app, slow link": (base + "/?layer=stance", True),
                 "embed, loopback": (base + PAGE, False), "standalone export, loopback": (standalone_file(), False)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            times = {name: statistics.median(first_country(browser, target, slow) for _ in range(options.runs))
                     for name, (target, slow) in cases.items()}
            before, start = served.cpu_seconds("worker"), time.perf_counter()
            for _ in range(options.views):
                first_country(browser, base + PAGE, False)
            worker_cpu, wall = served.cpu_seconds("worker") - before, time.perf_counter() - start
            browser.close()
        before = served.cpu_seconds("worker")  # the same time with no reader: what idle workers use
        time.sleep(wall)
        idle_cpu = served.cpu_seconds("worker") - before
        rates = {"embed page": wrk(base + PAGE, options.seconds), "embed asset (Leaflet)": wrk(base + asset, options.seconds)}
        pngs = {}  # latest: the day's atlas is in the workers' cache; 2 March: it is built first
        for day in ("latest", "2022-03-02"):
            picture = f"{base}/embed/stance/{day}.png"
            made, size, mime = timed_get(picture)
            pngs[day] = (made, statistics.median(timed_get(picture)[0] for _ in range(5)), size, mime)
    shutil.rmtree(embed_dir, ignore_errors=True)
    print(f"make serve: nginx, 2 workers on {kind}; median of {options.runs} fresh contexts")
    for name, seconds in times.items():
        print(f"{name:32s} {seconds:6.2f} s")
    print(f"app / embed on the slow link: {times['app, slow link'] / times['embed, slow link']:.1f}x")
    print(f"embed / standalone on loopback: {times['embed, loopback'] / times['standalone export, loopback']:.2f}x")
    print(f"workers' CPU over {options.views} embed views ({wall:.0f} s): {worker_cpu:.2f} s; "
          f"the same time idle: {idle_cpu:.2f} s; per view beyond idle: "
          f"{max(worker_cpu - idle_cpu, 0) / options.views * 1000:.1f} ms")
    for name, rate in rates.items():
        print(f"wrk -t2 -c32 -d{options.seconds}s, {name}: {rate:,.0f} requests/s")
    for day, (made, cached, size, mime) in pngs.items():
        print(f"PNG of {day} (1200x675, {size // 1024} KB, {mime}): made in {made:.2f} s, "
              f"then {cached * 1000:.1f} ms from cache")


if __name__ == "__main__":
    main()
