"""Rebuild data/un_votes.csv: every UN member state's vote on ES-11/1.

The reference file lists only the 52 members that did not vote in favour; every other member
voted in favour. The result is checked against the official totals (141/5/35/12).
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.countries import un_members  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "unga_es11_1_votes.csv"
SOURCE = ("UN General Assembly, 11th emergency special session, resolution ES-11/1, recorded vote of "
          "2 March 2022; UN press release GA/12407 (https://press.un.org/en/2022/ga12407.doc.htm)")
OFFICIAL_TOTALS = {"yes": 141, "no": 5, "abstain": 35, "absent": 12}


def main() -> None:
    not_in_favour = {r["iso3"]: r["vote"] for r in csv.DictReader(REFERENCE.open())}
    members = un_members()
    unknown = set(not_in_favour) - set(members)
    if unknown:
        raise SystemExit(f"codes in the reference that are not UN members: {sorted(unknown)}")
    rows = [{"iso3": iso3, "country": name, "resolution": "ES-11/1", "date": "2022-03-02",
             "vote": not_in_favour.get(iso3, "yes"), "source": SOURCE}
            for iso3, name in sorted(members.items())]
    totals = Counter(r["vote"] for r in rows)
    if dict(totals) != OFFICIAL_TOTALS:
        raise SystemExit(f"totals {dict(totals)} differ from the official {OFFICIAL_TOTALS}")
    with (ROOT / "data" / "un_votes.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} members: {dict(totals)}")


if __name__ == "__main__":
    main()
