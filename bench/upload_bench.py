"""How long reading, validating and matching an upload takes, for 1,000 to 100,000 rows.

A script, not a timed test: `python bench/upload_bench.py`; `--big [BASELINE_TREE]` times the big-store
preview (a 200,000-row file against a store of 100,000 records: reading, checking, planning, and
the time until Apply shows in Chromium) and 100,000 distinct unknown names, each in its own bounded
process, for this tree and for BASELINE_TREE (e.g. `git worktree add /tmp/bigstore-base main`),
side by side as ratios. Rows are drawn from every name
country_converter knows, written the ways files write them (short and official names, ISO2,
ISO3 and numeric codes, the tricky names of the issue), with a typo in one row in fifty. The
worst case gives every row its own unknown name.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

if __name__ == "__main__" and "--worker" in sys.argv:  # a timed run of the tree given
    sys.path.insert(0, sys.argv[sys.argv.index("--worker") + 1])
else:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.intake.countries import _converter  # noqa: E402  (the gazetteer the matcher itself uses)
from geo.intake.io import read_csv_bytes  # noqa: E402
from geo.intake.records import validate_records  # noqa: E402
from geo.vocab import CONFIDENCE, RECORD_COLUMNS, RUSSIA_STANCE, US_ALIGNMENT  # noqa: E402

TRICKY = ["Türkiye", "Côte d'Ivoire", "Ivory Coast", "Korea, Rep.", "Congo (Brazzaville)",
          "Russian Federation", "Viet Nam", "Czechia", "eSwatini", "Micronesia (Fed. States of)"]


def country_forms() -> list[str]:
    data = _converter().data
    forms = TRICKY[:]
    for column in ("name_short", "name_official", "ISO2", "ISO3"):
        forms += [str(v) for v in data[column] if isinstance(v, str)]
    forms += [str(int(v)) for v in data["ISOnumeric"] if str(v).isdigit()]
    return forms


def make_file(rows: int, distinct_unknown: bool = False, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    forms = country_forms()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RECORD_COLUMNS)
    for i in range(rows):
        name = f"Nowhere {i}" if distinct_unknown else rng.choice(forms)
        if not distinct_unknown and i % 50 == 0:
            name = name[:-1] + "x"  # a typo: unmatched, with a suggestion
        date = f"20{rng.randint(14, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        writer.writerow([name, "", rng.choice(US_ALIGNMENT.values), rng.choice(RUSSIA_STANCE.values),
                         "G20; BRICS", f"Evidence {i}", "Source", date, rng.choice(CONFIDENCE), ""])
    return out.getvalue().encode("utf-8")


def timed(data: bytes) -> tuple[float, float, int, int]:
    start = time.perf_counter()
    frame = read_csv_bytes(data)
    read = time.perf_counter()
    check = validate_records(frame)
    done = time.perf_counter()
    return read - start, done - read, len(check.records), len(check.problems)


def main() -> None:
    timed(make_file(200, seed=0))  # load country_converter's tables once, as a running server has
    print(f"{'rows':>8} {'case':<22} {'read':>7} {'validate+match':>15} {'total':>7} {'valid':>7} {'problems':>9}")
    cases = [(n, False) for n in (1_000, 10_000, 100_000)] + [(10_000, True), (100_000, True)]
    for rows, unknown in cases:
        read, check, valid, problems = timed(make_file(rows, unknown))
        case = "every name unknown" if unknown else "real names, 2% typos"
        print(f"{rows:>8,} {case:<22} {read:>6.2f}s {check:>14.2f}s {read + check:>6.2f}s "
              f"{valid:>7,} {problems:>9,}")


STORED, FILE_ROWS, OVERLAP = 100_000, 200_000, 60_000
DAYS = [(date(2014, 1, 1) + timedelta(days)).isoformat() for days in range(3650)]
BOUND = 900  # seconds any one timed run may take


def big_store_and_file(seed: int = 7) -> tuple[list[dict[str, str]], bytes]:
    """100,000 stored records (400 dates for each of 250 countries) and a 200,000-row file by
    name: 60,000 of the stored keys again (half of them changed), 140,000 new dates."""
    rng = random.Random(seed)
    data = _converter().data
    data = data[data["ISO3"].notna() & data["name_short"].notna()]
    per_country = (STORED + FILE_ROWS - OVERLAP) // len(data) + 1
    keys = [(iso3, name, day) for iso3, name in zip(data["ISO3"], data["name_short"])
            for day in rng.sample(DAYS, per_country)]
    rng.shuffle(keys)

    def record(key: tuple[str, str, str], variant: int) -> dict[str, str]:
        iso3, name, day = key
        pick = random.Random(f"{iso3}{day}{variant}")
        return {"country": name, "iso3": iso3, "us_alignment": pick.choice(US_ALIGNMENT.values),
                "russia_stance": pick.choice(RUSSIA_STANCE.values), "blocs": "G20; BRICS",
                "evidence": f"Evidence {iso3} {day}", "source": "Source", "as_of": day,
                "confidence": pick.choice(CONFIDENCE), "note": ""}

    stored = [record(key, 0) for key in keys[:STORED]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RECORD_COLUMNS)
    for i, key in enumerate(keys[STORED - OVERLAP:STORED - OVERLAP + FILE_ROWS]):
        row = record(key, 1 if i < OVERLAP and i % 2 else 0)
        writer.writerow([row[c] if c != "iso3" else "" for c in RECORD_COLUMNS])
    return stored, out.getvalue().encode("utf-8")


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_preview(store_url: str, file_path: str) -> dict[str, float]:
    """What the Upload page computes before Apply: read the store, read and check the file,
    plan the change and its digest (the page's own steps, in the tree on sys.path)."""
    import pandas as pd

    from geo.storage.changes import plan_changes, plan_digest
    from geo.storage.store import Store
    timed(make_file(200, seed=0))
    data = Path(file_path).read_bytes()
    times, start = {}, time.perf_counter()
    current = Store(store_url).current()
    times["store read"] = time.perf_counter() - start
    mark = time.perf_counter()
    frame = read_csv_bytes(data)
    times["file read"] = time.perf_counter() - mark
    mark = time.perf_counter()
    check = validate_records(frame)
    times["check + match"] = time.perf_counter() - mark
    mark = time.perf_counter()
    plan = plan_changes(current, check.records, "merge")
    plan_digest(plan)
    times["plan + digest"] = time.perf_counter() - mark
    times["geo preview"] = time.perf_counter() - start
    times["peak MiB"] = peak_mib()
    assert isinstance(current, pd.DataFrame) and plan.new_dates
    return times


def time_unknown() -> dict[str, float]:
    timed(make_file(200, seed=0))
    frame = read_csv_bytes(make_file(100_000, distinct_unknown=True))
    start = time.perf_counter()
    check = validate_records(frame)
    assert len(check.problems) == 100_000
    return {"100,000 unknown names": time.perf_counter() - start, "peak MiB (unknown)": peak_mib()}


def time_browser(store_url: str, file_path: str) -> dict[str, float]:
    """Seconds from choosing the file on the Upload page to the Apply button, in Chromium."""
    from playwright.sync_api import expect, sync_playwright

    from tests.appserver import CHROMIUM, CHROMIUM_ARGS, serving
    env = {"ATLAS_DATABASE_URL": store_url, "ATLAS_EDITOR_TOKEN": "bench-token"}
    with serving(env=env) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(server.url)
        page.get_by_role("link", name="Upload data").click()
        expect(page.get_by_role("heading", name="Upload data")).to_be_visible(timeout=120_000)
        expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=120_000)
        # The page's last element: its first run is over (a status widget may not have shown yet).
        expect(page.get_by_role("button", name="Download records (CSV)")).to_be_visible(timeout=120_000)
        start = time.perf_counter()
        page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(file_path)
        expect(page.get_by_role("button", name="Apply as merge")).to_be_visible(timeout=BOUND * 1000)
        shown = time.perf_counter() - start
        expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=BOUND * 1000)
        done = time.perf_counter() - start
        if os.environ.get("BENCH_SCREEN"):  # a picture of the new-dates box, to look at
            box = page.locator("[data-testid='stAlert']").filter(has_text="add a new date").first
            box.scroll_into_view_if_needed()
            page.screenshot(path=os.environ["BENCH_SCREEN"])
        browser.close()
        return {"browser: Apply shown": shown, "browser: page done": done,
                "server peak MiB": server.peak_memory_kib() / 1024}


def worker(tree: str, what: str, store_url: str, file_path: str) -> None:
    runs = {"preview": lambda: time_preview(store_url, file_path), "unknown": time_unknown,
            "browser": lambda: time_browser(store_url, file_path)}
    print(json.dumps(runs[what]()))


def run_in(tree: str, what: str, store_url: str, file_path: str) -> dict[str, float]:
    """One bounded run in its own process, with TREE's code."""
    done = subprocess.run([sys.executable, __file__, "--worker", tree, what, store_url, file_path],
                          cwd=tree, capture_output=True, text=True, timeout=BOUND,
                          env={**os.environ, "PYTHONPATH": tree})
    if done.returncode:
        raise RuntimeError(f"{what} in {tree} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def big(baseline: str | None, browser: bool = True) -> None:
    from geo.storage.store import Store
    here = str(Path(__file__).resolve().parents[1])
    folder = Path(tempfile.mkdtemp(prefix="bigstore-"))
    stored, data = big_store_and_file()
    file_path = folder / "big.csv"
    file_path.write_bytes(data)
    urls = [f"sqlite:///{folder / 'store.db'}"]
    if os.environ.get("ATLAS_TEST_POSTGRES_URL"):
        urls.append(os.environ["ATLAS_TEST_POSTGRES_URL"])
    import pandas as pd
    for url in urls:
        start = time.perf_counter()
        store = Store(url)
        if store.current_version() == 0:
            store.apply(pd.DataFrame(stored), "replace", author="bench", expected_version=0)
        print(f"# {store.display_url}: {len(store.current()):,} records written in "
              f"{time.perf_counter() - start:.1f} s; file {len(data) / 1e6:.1f} MB, {FILE_ROWS:,} rows")
        whats = ["preview", "unknown"] + (["browser"] if browser and url.startswith("sqlite") else [])
        for what in whats:
            mine = run_in(here, what, url, str(file_path))
            base = run_in(baseline, what, url, str(file_path)) if baseline else {}
            for key, value in mine.items():
                old = base.get(key)
                ratio = f"{old / value:6.1f}x" if old and "MiB" not in key else ""
                print(f"{key:<24} {value:8.2f} {'' if old is None else f'{old:8.2f}':>8} {ratio}",
                      flush=True)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        at = sys.argv.index("--worker")
        worker(*sys.argv[at + 1:at + 5])
    elif "--big" in sys.argv:
        at = sys.argv.index("--big")
        print(f"{'':<24} {'branch':>8} {'baseline':>8} speed-up")
        big(sys.argv[at + 1] if len(sys.argv) > at + 1 else None, browser="--no-browser" not in sys.argv)
    else:
        main()
