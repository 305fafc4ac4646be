"""Benchmark: the production front (`make serve`) against plain `streamlit run`, on this machine.

    make bench-serve     # or: .venv/bin/python bench/serve.py [--runs 5] [--seconds 20]

Three servers of the same code and data, started side by side:
  - plain: `streamlit run app.py`, as the atlas was served before (no warm-up, Streamlit serving
    its own files uncompressed);
  - make run: `streamlit run server.py` (caches built at start);
  - make serve: nginx and 2 workers (deploy/serve.py), on PostgreSQL when $ATLAS_TEST_POSTGRES_URL
    names a database (`make bench-serve` sets it up as root), else on SQLite.
It reports, each in headless Chromium with an empty cache (a new reader) and the page's own clock
for "map drawn" (bench/drawn.py):
  1. time to map on a slow mobile link: Chromium's network emulation through the DevTools protocol
     (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up: Lighthouse's "slow 4G"), loads interleaved;
  2. server CPU per first view (caches warm): CPU time of the Streamlit processes (and of nginx
     apart) read from /proc before and after each page load;
  3. the first view after a start against warm views (time to map, server CPU);
  4. first views per second per worker with N = 1 and 2 workers behind nginx: clients that replay
     what a browser asks of the workers (bench/firstview.py) for --seconds, 8 per worker at a time
     (one client waits about 0.25 s per view, mostly for Streamlit, so fewer leave a worker idle).
Writes bench/results/serve.{json,md}.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, front, is_local, serving  # noqa: E402

import drawn  # noqa: E402  (bench/, the script's own folder)
import firstview  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SHAPES = "path.country"
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
           "uploadThroughput": 750e3 / 8}


@dataclass
class Target:
    """A running server as the bench sees it: its URL and how to read its CPU time."""

    name: str
    url: str
    cpu: callable
    nginx_cpu: callable = lambda: 0.0


@dataclass
class Load:
    seconds: float
    http_bytes: int
    worker_cpu_ms: float
    nginx_cpu_ms: float
    outside_requests: list[str] = field(default_factory=list)


def load_once(browser: Browser, target: Target, slow: bool, settle_s: float = 1.5) -> Load:
    """One reader opening the overview with an empty cache; CPU is read after the page settles."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = [0]
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(0, received[0] + int(e["encodedDataLength"])))
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    drawn.prepare(page, SHAPES)
    cpu, nginx_cpu = target.cpu(), target.nginx_cpu()
    page.goto(target.url, timeout=180_000, wait_until="commit")
    seconds = drawn.seconds_to_map(page, timeout_s=180)
    page.wait_for_timeout(settle_s * 1000)
    result = Load(seconds, received[0], (target.cpu() - cpu) * 1000, (target.nginx_cpu() - nginx_cpu) * 1000,
                  outside)
    context.close()
    return result


@contextlib.contextmanager
def targets(workers: int = 2):
    """The three servers, started together and stopped together."""
    postgres = os.environ.get("ATLAS_TEST_POSTGRES_URL", "")
    with serving("app.py") as plain, serving("server.py") as embedded, \
            front(workers, env={"ATLAS_DATABASE_URL": postgres} if postgres else None) as served:
        yield [Target("plain `streamlit run app.py`", plain.url, plain.cpu_seconds),
               Target("`make run` (server.py)", embedded.url, embedded.cpu_seconds),
               Target(f"`make serve` (nginx, {workers} workers)", served.url, served.cpu_seconds,
                      lambda: served.cpu_seconds("nginx"))]


def cold_and_warm(browser: Browser, runs: int) -> tuple[list[dict], list[str]]:
    """Per server: the first view after its start, then warm views (no throttling)."""
    rows, recorded = [], []
    with targets() as servers:
        first = {t.name: load_once(browser, t, slow=False) for t in servers}
        warm: dict[str, list[Load]] = {t.name: [] for t in servers}
        for run in range(runs):
            for target in servers[run % 3:] + servers[:run % 3]:
                time.sleep(1.0)
                warm[target.name].append(load_once(browser, target, slow=False))
        recorded = record_requests(browser, servers[-1].url)
    for name, cold in first.items():
        rows.append({"server": name, "cold_seconds": round(cold.seconds, 2),
                     "cold_cpu_ms": round(cold.worker_cpu_ms),
                     "warm_seconds": round(statistics.median(w.seconds for w in warm[name]), 2),
                     "warm_cpu_ms": round(statistics.median(w.worker_cpu_ms for w in warm[name])),
                     "warm_nginx_cpu_ms": round(statistics.median(w.nginx_cpu_ms for w in warm[name])),
                     "outside_requests": sorted({u for w in [cold, *warm[name]] for u in w.outside_requests})})
    return rows, recorded


def record_requests(browser: Browser, url: str) -> list[str]:
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    drawn.prepare(page, SHAPES)
    page.goto(url)
    drawn.seconds_to_map(page)
    page.wait_for_timeout(1500)
    context.close()
    return firstview.browser_requests(urls, url)


def slow_link(browser: Browser, runs: int) -> list[dict]:
    rows = []
    with targets() as servers:
        for target in servers:  # warm each, as a running deployment is
            load_once(browser, target, slow=False)
        samples: dict[str, list[Load]] = {t.name: [] for t in servers}
        for run in range(runs):
            for target in servers[run % 3:] + servers[:run % 3]:
                time.sleep(1.0)
                samples[target.name].append(load_once(browser, target, slow=True))
    for name, loads in samples.items():
        rows.append({"server": name, "median_seconds": round(statistics.median(l.seconds for l in loads), 2),
                     "slowest_seconds": round(max(l.seconds for l in loads), 2),
                     "http_bytes": int(statistics.median(l.http_bytes for l in loads))})
    return rows


def views_per_second(paths: list[str], workers: int, seconds: float, clients: int) -> dict:
    """First views completed per second with WORKERS behind nginx, CLIENTS replaying at once, and
    the CPU the workers, nginx and this process (the clients) used per view."""
    postgres = os.environ.get("ATLAS_TEST_POSTGRES_URL", "")
    with front(workers, env={"ATLAS_DATABASE_URL": postgres} if postgres else None) as served:
        firstview.first_view(served.url, paths)
        done, errors = [0], []
        stop = time.monotonic() + seconds
        cpu = served.cpu_seconds()

        def client() -> None:
            while time.monotonic() < stop:
                try:
                    firstview.first_view(served.url, paths)
                    done[0] += 1
                except Exception as error:  # noqa: BLE001  (counted and reported)
                    errors.append(repr(error))

        start, own_cpu, nginx_cpu = time.monotonic(), time.process_time(), served.cpu_seconds("nginx")
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - start
        cpu, own_cpu = served.cpu_seconds() - cpu, time.process_time() - own_cpu
        nginx_cpu = served.cpu_seconds("nginx") - nginx_cpu
    return {"workers": workers, "views": done[0], "seconds": round(elapsed, 1),
            "views_per_second": round(done[0] / elapsed, 1),
            "per_worker": round(done[0] / elapsed / workers, 1),
            "worker_cpu_ms_per_view": round(cpu / max(done[0], 1) * 1000),
            "nginx_cpu_ms_per_view": round(nginx_cpu / max(done[0], 1) * 1000),
            "client_cpu_ms_per_view": round(own_cpu / max(done[0], 1) * 1000),
            "workers_busy": round(cpu / elapsed / workers, 2), "errors": errors[:3]}


def write(report: dict) -> str:
    lines = [f"Measured {report['measured']} on {report['machine']}.", "",
             "Slow link (150 ms RTT, 1.6 Mbit/s down), empty cache, caches warm on the server:", "",
             "| server | time to map (median) | slowest | bytes over HTTP |", "|---|---|---|---|"]
    lines += [f"| {r['server']} | {r['median_seconds']:.2f} s | {r['slowest_seconds']:.2f} s | {r['http_bytes']:,} |"
              for r in report["slow_link"]]
    lines += ["", "First view after a start against warm views (fast link):", "",
              "| server | first view after start | its server CPU | warm view | server CPU per warm first view | nginx CPU |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {r['server']} | {r['cold_seconds']:.2f} s | {r['cold_cpu_ms']} ms | {r['warm_seconds']:.2f} s | "
              f"{r['warm_cpu_ms']} ms | {r['warm_nginx_cpu_ms']} ms |" for r in report["cold_and_warm"]]
    lines += ["", f"First views per second behind nginx ({report['clients']} clients per worker replaying a "
              f"browser's requests for {report['seconds']:g} s, on the same machine):", "",
              "| workers | views | views/s | views/s per worker | worker CPU per view | each worker busy | "
              "nginx CPU per view | clients' CPU per view |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['workers']} | {r['views']} | {r['views_per_second']} | {r['per_worker']} | "
              f"{r['worker_cpu_ms_per_view']} ms | {r['workers_busy']:.0%} | {r['nginx_cpu_ms_per_view']} ms | "
              f"{r['client_cpu_ms_per_view']} ms |" for r in report["throughput"]]
    outside = sorted({u for r in report["cold_and_warm"] for u in r["outside_requests"]})
    lines += ["", f"Requests outside the app during the page loads: {len(outside)}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="page loads per server and measure")
    parser.add_argument("--seconds", type=float, default=20, help="duration of each throughput run")
    parser.add_argument("--clients", type=int, default=8, help="simultaneous replaying clients per worker")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold_warm, paths = cold_and_warm(browser, args.runs)
        slow = slow_link(browser, args.runs)
        browser.close()
    throughput = [views_per_second(paths, n, args.seconds, args.clients * n) for n in (1, 2)]
    report = {"measured": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "runs": args.runs, "seconds": args.seconds, "clients": args.clients, "replayed_paths": paths,
              "slow_link": slow, "cold_and_warm": cold_warm, "throughput": throughput}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "serve.json").write_text(json.dumps(report, indent=2))
    table = write(report)
    (RESULTS / "serve.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
