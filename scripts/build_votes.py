"""Rebuild data/un_votes.csv: UN member states' votes on ES-11/1, ES-11/3 and ES-11/4 (2022).

ES-11/1 is complete: the reference lists the 52 members that did not vote in favour and the
result is checked against the official totals. For ES-11/3 and ES-11/4 only part of the roll
call is verified (see data/README.md); every other member is written as `unverified`, never
guessed.
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

ES11_1 = {
    "resolution": "ES-11/1", "date": "2022-03-02",
    "source": "UN General Assembly resolution ES-11/1, recorded vote of 2 March 2022; UN press release "
              "GA/12407 (https://press.un.org/en/2022/ga12407.doc.htm)",
    "totals": {"yes": 141, "no": 5, "abstain": 35, "absent": 12},
}
ES11_3 = {
    "resolution": "ES-11/3", "date": "2022-04-07",
    "source": "UN General Assembly resolution ES-11/3, 7 April 2022 (93 for, 24 against, 58 abstentions, "
              "18 absent); roll call as compiled in shared/reference/README.md",
    # Verified: the 24 against, and the article's countries named in the reference.
    "votes": {**{c: "no" for c in "DZA BLR BOL BDI CAF CHN COG CUB PRK ERI ETH GAB IRN KAZ KGZ LAO MLI "
                                  "NIC RUS SYR TJK UZB VNM ZWE".split()},
              "IND": "abstain", "IDN": "abstain", "EGY": "abstain", "PHL": "yes", "TUR": "yes"},
    "unverified_note": "Not verified member by member: in favour, abstained or absent (93 / 58 / 18 "
                       "among the members not listed).",
}
ES11_4 = {
    "resolution": "ES-11/4", "date": "2022-10-12",
    "source": "UN General Assembly resolution ES-11/4, 12 October 2022 (143 for, 5 against, 35 "
              "abstentions, 10 absent); UN press release GA/12458 (against); abstentions as read from "
              "the Assembly broadcast by Interfax-Ukraine, 13 October 2022 "
              "(https://en.interfax.com.ua/news/general/865264.html)",
    "votes": {**{c: "no" for c in "BLR PRK NIC RUS SYR".split()},
              **{c: "abstain" for c in "DZA ARM BOL BDI CAF CHN COG CUB ERI SWZ ETH GIN HND IND KAZ KGZ "
                                       "LAO LSO MLI MNG MOZ NAM PAK ZAF SSD LKA SDN TJK THA TGO UGA TZA "
                                       "UZB VNM ZWE".split()}},
    "unverified_note": "Not verified member by member: in favour or absent (143 / 10 among the members "
                       "not listed).",
    "totals_listed": {"no": 5, "abstain": 35},
}


def es11_1_rows(members: dict[str, str]) -> list[dict]:
    not_in_favour = {r["iso3"]: r["vote"] for r in csv.DictReader(REFERENCE.open())}
    unknown = set(not_in_favour) - set(members)
    if unknown:
        raise SystemExit(f"codes in the reference that are not UN members: {sorted(unknown)}")
    rows = [_row(ES11_1, iso3, name, not_in_favour.get(iso3, "yes"), "")
            for iso3, name in sorted(members.items())]
    totals = Counter(r["vote"] for r in rows)
    if dict(totals) != ES11_1["totals"]:
        raise SystemExit(f"ES-11/1 totals {dict(totals)} differ from the official {ES11_1['totals']}")
    return rows


def partial_rows(spec: dict, members: dict[str, str]) -> list[dict]:
    unknown = set(spec["votes"]) - set(members)
    if unknown:
        raise SystemExit(f"{spec['resolution']}: not UN members: {sorted(unknown)}")
    listed = Counter(spec["votes"].values())
    for vote, count in spec.get("totals_listed", {}).items():
        if listed[vote] != count:
            raise SystemExit(f"{spec['resolution']}: {listed[vote]} '{vote}' listed, expected {count}")
    return [_row(spec, iso3, name, spec["votes"].get(iso3, "unverified"),
                 "" if iso3 in spec["votes"] else spec["unverified_note"])
            for iso3, name in sorted(members.items())]


def _row(spec: dict, iso3: str, name: str, vote: str, note: str) -> dict:
    return {"iso3": iso3, "country": name, "resolution": spec["resolution"], "date": spec["date"],
            "vote": vote, "source": spec["source"], "note": note}


def main() -> None:
    members = un_members()
    rows = es11_1_rows(members) + partial_rows(ES11_3, members) + partial_rows(ES11_4, members)
    with (ROOT / "data" / "un_votes.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for resolution in ("ES-11/1", "ES-11/3", "ES-11/4"):
        print(resolution, dict(Counter(r["vote"] for r in rows if r["resolution"] == resolution)))


if __name__ == "__main__":
    main()
