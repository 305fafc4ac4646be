"""Many viewers: N browser sessions open the overview at once against one app server.

    .venv/bin/python bench/load.py --sessions 1 10 30

For each N: one fresh `streamlit run`, N browser contexts opened together (headless Chromium,
offline), the time each took from page open to map drawn (median and slowest), and the server's
peak memory. The browsers share this machine's 2 cores with the server, so large N measures the
machine as much as the app; the server's CPU time and memory per session are the figures that
carry over to a real deployment.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, is_local, serving  # noqa: E402

import drawn  # noqa: E402  (bench/, the script's own folder)


async def one_viewer(browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.route("**/*", lambda r: r.continue_() if is_local(r.request.url) else r.abort())
    page = await context.new_page()
    await page.add_init_script(drawn.watch_js("path.country"))
    await page.goto(url, timeout=180_000)
    await page.wait_for_function(drawn.DRAWN, timeout=180_000, polling=100)
    seconds = await page.evaluate(drawn.DRAWN_AT_MS) / 1000  # the page's own clock
    await context.close()
    return seconds


async def viewers(server, count: int) -> tuple[list[float], float]:
    """Times to map for COUNT simultaneous viewers, and the server CPU seconds they cost."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await one_viewer(browser, server.url)  # warm the caches, as in a running deployment
        cpu_before = server.cpu_seconds()
        times = await asyncio.gather(*(one_viewer(browser, server.url) for _ in range(count)))
        cpu = server.cpu_seconds() - cpu_before
        await browser.close()
    return list(times), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    args = parser.parse_args()
    print("| sessions at once | median time to map | slowest | server CPU per session | server peak memory |")
    print("|---|---|---|---|---|")
    for count in args.sessions:
        with serving("server.py") as server:  # as `make run` serves it
            times, cpu = asyncio.run(viewers(server, count))
            memory = server.peak_memory_kib() / 1024
        print(f"| {count} | {statistics.median(times):.2f} s | {max(times):.2f} s | "
              f"{cpu / count * 1000:.0f} ms | {memory:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
