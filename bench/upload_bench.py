"""How long reading, validating and matching an upload takes, for 1,000 to 100,000 rows.

A script, not a timed test: `python bench/upload_bench.py`. Rows are drawn from every name
country_converter knows, written the ways files write them (short and official names, ISO2,
ISO3 and numeric codes, the tricky names of the issue), with a typo in one row in fifty. The
worst case gives every row its own unknown name.
"""
from __future__ import annotations

import csv
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.countries import _converter  # noqa: E402  (the gazetteer the matcher itself uses)
from geo.io import read_csv_bytes  # noqa: E402
from geo.records import validate_records  # noqa: E402
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


if __name__ == "__main__":
    main()
