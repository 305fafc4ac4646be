"""Benchmark: datasets on the map (issue #16, item 8), each beside a baseline of the same run.

    make bench-datasets      # or: .venv/bin/python bench/datasets.py [--runs 7]

1. Bytes the map receives for a dataset layer (its spec, with the hover texts, and its values per
   country, as JSON and gzipped as a front sends it), against a built-in layer's; budget 10 KB
   per column.
2. Choosing a dataset layer in the mounted map's own control, in headless Chromium against the
   real server: from the click to the restyled fill, in the browser's clock, with the map still
   the one that was mounted (no rebuild); against choosing a built-in layer; budget 100 ms.
3. Reading, matching and classifying a long file (country, year, value; names as the World Bank
   writes them) of 10,000 and 200,000 rows through the Upload page's functions
   (geo.intake.datasets.read_dataset, geo.maps.dataset_layers.dataset_layer), against pandas.read_csv of the
   same bytes (the floor); budgets 1 s and 5 s.

The overview against a plain one-layer folium app is bench/run.py's measure (`make bench`).
Writes bench/results/datasets.{json,md}.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
BUDGET_BYTES, BUDGET_RESTYLE_MS = 10_000, 100
BUDGET_READ = {10_000: 1.0, 200_000: 5.0}
# World Bank spellings beside plain ones: the matcher's work is part of what is timed.
NAMES = ["Egypt, Arab Rep.", "Iran, Islamic Rep.", "Korea, Rep.", "Russian Federation", "Venezuela, RB",
         "Yemen, Rep.", "Gambia, The", "Bahamas, The", "Congo, Dem. Rep.", "Congo, Rep.", "Lao PDR",
         "Kyrgyz Republic", "Slovak Republic", "Turkiye", "Cote d'Ivoire", "Viet Nam", "St. Lucia"]


def wire_bytes() -> list[dict]:
    """Per layer: the JSON the map gets for it, raw and gzipped."""
    from geo.maps.layers import CHOROPLETHS, layer_values
    from ui.data import load_atlas, map_layers
    atlas = load_atlas()
    rows = []
    for choropleth in (*CHOROPLETHS[:1], *[c for c in map_layers() if c.key.startswith("ds-")]):
        values = layer_values(atlas.countries, (choropleth,))
        payload = json.dumps({"spec": choropleth.spec(), "values": values}, separators=(",", ":"),
                             ensure_ascii=False).encode()
        rows.append({"layer": choropleth.key, "bytes": len(payload), "gzip_bytes": len(gzip.compress(payload)),
                     "builtin": not choropleth.key.startswith("ds-")})
    return rows


def long_file(rows: int, seed: int = 1) -> bytes:
    """ROWS lines of country, year, value: every UN member (some by their World Bank names) per year."""
    from geo.intake.countries import to_iso3, un_members
    members = dict(un_members())  # ISO3 -> name
    members.update({to_iso3(name): name for name in NAMES})  # some by their World Bank names
    names = sorted(members.values())
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("country,year,value,unit,source,title\n")
    year = 0
    while out.tell() < 10 ** 9:
        for name in names:
            out.write(f'"{name}",{1000 + year},{rng.uniform(-20, 80):.2f},%,bench,Bench share\n')
            rows -= 1
            if rows == 0:
                return out.getvalue().encode()
        year += 1
    raise AssertionError


def read_seconds(rows: int, runs: int) -> dict:
    import pandas as pd

    from geo.maps.dataset_layers import dataset_layer
    from geo.intake.datasets import read_dataset
    data = long_file(rows)
    ours, floor = [], []
    for _ in range(runs):
        start = time.perf_counter()
        check = read_dataset(data)
        layer = dataset_layer(check.dataset, check.dataset.columns[0].name)
        ours.append(time.perf_counter() - start)
        assert not check.problems and layer.classes is not None, check.problems[:3]
        start = time.perf_counter()
        pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        floor.append(time.perf_counter() - start)
    return {"rows": rows, "seconds": statistics.median(ours), "pandas_read_csv_seconds": statistics.median(floor),
            "budget_seconds": BUDGET_READ[rows]}


RESTYLE_JS = """
async ([name, iso3]) => {
    const label = [...document.querySelectorAll('.leaflet-control-layers label')]
        .find(l => l.textContent.trim().startsWith(name));
    if (label.querySelector('input').checked) return 0;  // already drawn
    const path = document.querySelector('path.country.iso-' + iso3);
    const before = path.getAttribute('fill');
    const start = performance.now();
    label.querySelector('input').click();
    while (path.getAttribute('fill') === before) {
        await new Promise(r => requestAnimationFrame(r));
        if (performance.now() - start > 5000) return null;
    }
    await new Promise(r => requestAnimationFrame(r));  // the frame that paints it
    return performance.now() - start;
}
"""


def restyle_ms(runs: int) -> dict:
    """Alternating a built-in layer with a dataset layer, and two built-in layers, in one map."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from tests.appserver import CHROMIUM, CHROMIUM_ARGS, running_app
    from tests.mapdriver import map_frame, mark_mounted, still_mounted
    pairs = {"dataset": ("Wheat imports from Russia and Ukraine together", "EGY"),
             "dataset (arms, 157 members)": ("Arms imports from Russia (share of all arms imports) (2017-2021)", "IND"),
             "built-in": ("UN vote ES-11/1", "IND")}
    times: dict[str, list[float]] = {k: [] for k in pairs}
    with tempfile.TemporaryDirectory() as folder, \
            running_app(env={"ATLAS_DATABASE_URL": f"sqlite:///{folder}/atlas.db"}) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url)
        frame = map_frame(page)
        mark_mounted(frame)
        for _ in range(runs):
            for kind, (name, iso3) in pairs.items():
                back = frame.evaluate(RESTYLE_JS, ["Relation to Russia", iso3])
                took = frame.evaluate(RESTYLE_JS, [name, iso3])
                assert back is not None and took is not None, (kind, name)
                times[kind].append(took)
                page.wait_for_timeout(300)  # let the rerun that follows the choice settle
        mounted = still_mounted(page)
        browser.close()
    return {"median_ms": {k: statistics.median(v) for k, v in times.items()},
            "max_ms": {k: max(v) for k, v in times.items()}, "same_map_throughout": mounted,
            "budget_ms": BUDGET_RESTYLE_MS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    result = {"load_average": os.getloadavg(), "cpus": os.cpu_count(), "wire": wire_bytes(),
              "read": [read_seconds(10_000, args.runs), read_seconds(200_000, max(3, args.runs // 2))],
              "restyle": restyle_ms(args.runs)}
    result["load_average_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "datasets.json").write_text(json.dumps(result, indent=2))
    builtin = next(r for r in result["wire"] if r["builtin"])
    lines = ["# Datasets benchmark (bench/datasets.py)", "",
             f"Load average {result['load_average'][0]:.2f} before, {result['load_average_after'][0]:.2f} after; "
             f"{result['cpus']} CPUs.", "",
             "| layer | bytes | gzip | x built-in | within 10 KB |", "|---|---|---|---|---|"]
    for row in result["wire"]:
        lines.append(f"| {row['layer']} | {row['bytes']:,} | {row['gzip_bytes']:,} | "
                     f"{row['bytes'] / builtin['bytes']:.2f} | {'yes' if row['bytes'] <= BUDGET_BYTES else 'NO'} |")
    lines += ["", "| long file | read+match+classify | pandas.read_csv | ratio | budget |", "|---|---|---|---|---|"]
    for row in result["read"]:
        lines.append(f"| {row['rows']:,} rows | {row['seconds']:.2f} s | {row['pandas_read_csv_seconds']:.2f} s | "
                     f"{row['seconds'] / row['pandas_read_csv_seconds']:.1f}x | {row['budget_seconds']:.0f} s "
                     f"({'met' if row['seconds'] <= row['budget_seconds'] else 'MISSED'}) |")
    restyle = result["restyle"]
    base = restyle["median_ms"]["built-in"]
    lines += ["", "| choosing in the map | median | max | x built-in | budget 100 ms |", "|---|---|---|---|---|"]
    for kind, ms in restyle["median_ms"].items():
        lines.append(f"| {kind} | {ms:.0f} ms | {restyle['max_ms'][kind]:.0f} ms | {ms / base:.2f} | "
                     f"{'met' if ms <= BUDGET_RESTYLE_MS else 'MISSED'} |")
    lines += ["", f"Same map throughout (no rebuild): {restyle['same_map_throughout']}."]
    (RESULTS / "datasets.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
