"""Rebuild data/un_votes.csv and data/un_vote_totals.csv: the General Assembly's votes on Ukraine.

One row per UN member state and resolution, for all six resolutions of the emergency special
session (ES-11/1 to ES-11/6, March 2022 to February 2023), every member named: the UN's own
machine-readable resolutions list the members in favour, against and abstaining, and a member in
none of the lists did not vote.

Every roll call is checked against its official totals: the counts of each vote must equal them.
A mismatch stops the build, so a wrong or incomplete reference file can never reach the map.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.intake.countries import un_members  # noqa: E402
from scripts.reference import read, write  # noqa: E402
from geo.vocab import RESOLUTION_BY_CODE  # noqa: E402

VOTES = ROOT / "data" / "un_votes.csv"
TOTALS = ROOT / "data" / "un_vote_totals.csv"
EXACT = ("yes", "no", "abstain", "absent")
ROLL_CALLS = "unga_es11_rollcalls.csv"
PUBLISHER = ("UN General Assembly, recorded vote on A/RES/{code} ({meeting}), from the UN Department for "
             "General Assembly and Conference Management's machine-readable resolutions: {url}")
NOTES = {
    ("BHS", "ES-11/5"): ('Recorded as "no". On 16 November 2022 the Bahamas\' foreign minister said the vote '
                         'was recorded in error and was meant as "abstain" (The Nassau Guardian, 17 November '
                         '2022: https://thenassauguardian.com/un-record-showing-no-vote-from-bahamas-on-russia-'
                         'reparations-an-error-mitchell-said/). The official record was not changed, and the '
                         'atlas keeps it.'),
}
# Primary publications of the totals, where the reference names one (its other copies are mirrors).
PRIMARY_TOTALS = {"ES-11/1": ["UN press release GA/12407, 2 March 2022 (https://press.un.org/en/2022/ga12407.doc.htm)"],
                  "ES-11/3": ["UN Digital Library, voting record of A/RES/ES-11/3 (https://digitallibrary.un.org/record/3967778)"]}
MYANMAR = ("Myanmar's seat was held by the ambassador of the ousted government, whom the military junta "
           "does not recognise; the vote is his.")


def official_totals() -> dict[str, dict[str, str]]:
    return {row["resolution"]: row for row in read("unga_es11_totals.csv")}


def check_totals(resolution: str, votes: dict[str, str], totals: dict[str, str]) -> None:
    """Refuse a roll call whose votes disagree with the official totals."""
    counts = Counter(votes.values())
    official = {v: int(totals[v]) for v in EXACT}
    if sum(counts.values()) != int(totals["total"]):
        raise SystemExit(f"{resolution}: {sum(counts.values())} members, official total {totals['total']}")
    if {v: counts[v] for v in EXACT} != official or set(counts) - set(EXACT):
        raise SystemExit(f"{resolution}: the roll call {dict(counts)} does not match the official totals "
                         f"{official}")


def _source(row: dict[str, str]) -> str:
    """The reference's citation as a reader should see it: the publisher first, the file after."""
    match = re.match(r"UN DGACM machine-readable General Assembly resolutions, A/RES/(\S+) \(([^)]+)\): (\S+)$",
                     row["source"])
    if not match:
        raise SystemExit(f"{row['resolution']}: unexpected source {row['source']!r}")
    code, meeting, url = match.groups()
    return PUBLISHER.format(code=code, meeting=meeting, url=url)


def roll_calls(members: dict[str, str]) -> dict[str, dict[str, dict[str, str]]]:
    """Resolution -> member -> its row in the reference, for the six resolutions."""
    calls: dict[str, dict[str, dict[str, str]]] = {}
    for row in read(ROLL_CALLS):
        calls.setdefault(row["resolution"], {})[row["iso3"]] = row
    if set(calls) != set(RESOLUTION_BY_CODE):
        raise SystemExit(f"{ROLL_CALLS}: resolutions {sorted(calls)}, expected {sorted(RESOLUTION_BY_CODE)}")
    return calls


def rows_for(resolution: str, cast: dict[str, dict[str, str]], members: dict[str, str]) -> list[dict[str, str]]:
    if set(cast) != set(members):
        raise SystemExit(f"{resolution}: not the 193 UN members: missing {sorted(set(members) - set(cast))}, "
                         f"extra {sorted(set(cast) - set(members))}")
    spec = RESOLUTION_BY_CODE[resolution]
    unknown = {row["value"] for row in cast.values()} - set(spec.vocabulary.values)
    if unknown:
        raise SystemExit(f"{resolution}: votes {sorted(unknown)} are not in its vocabulary")
    if {row["date"] for row in cast.values()} != {spec.date}:
        raise SystemExit(f"{resolution}: dated {sorted({row['date'] for row in cast.values()})}, not {spec.date}")
    return [{"iso3": iso3, "country": members[iso3], "resolution": resolution, "date": spec.date,
             "vote": row["value"], "source": _source(row),
             "note": NOTES.get((iso3, resolution)) or (MYANMAR if iso3 == "MMR" else "")}
            for iso3, row in sorted(cast.items())]


def totals_rows(totals: dict[str, dict[str, str]], votes: list[dict[str, str]]) -> list[dict[str, str]]:
    sources = {row["resolution"]: row["source"] for row in votes}
    return [{"resolution": resolution, "date": row["date"], "subject": RESOLUTION_BY_CODE[resolution].subject,
             **{v: row[v] for v in (*EXACT, "total")}, "per_member": "complete",
             "source": " ; ".join([sources[resolution], *PRIMARY_TOTALS.get(resolution, ())])}
            for resolution, row in sorted(totals.items())]


def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of data/un_votes.csv and data/un_vote_totals.csv, each roll call checked."""
    members = un_members()
    totals = official_totals()
    rows = []
    for resolution, cast in sorted(roll_calls(members).items()):
        votes = {iso3: row["value"] for iso3, row in cast.items()}
        check_totals(resolution, votes, totals[resolution])
        rows += rows_for(resolution, cast, members)
        print(resolution, dict(Counter(votes.values())), "checked against the official totals")
    return rows, totals_rows(totals, rows)


def main() -> None:
    votes, totals = build()
    write(VOTES, votes)
    write(TOTALS, totals)


if __name__ == "__main__":
    main()
