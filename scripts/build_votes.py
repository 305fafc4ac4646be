"""Rebuild data/un_votes.csv and data/un_vote_totals.csv: the General Assembly's 2022 votes on Ukraine.

One row per UN member state and resolution (ES-11/1, /3, /4, /5). ES-11/1 and ES-11/3 are complete
roll calls. ES-11/4 names the members against, abstaining and four of the ten absentees; every other
member voted in favour or was absent (`yes_or_absent`). ES-11/5 names the members in favour and
against; every other member abstained or was absent (`abstain_or_absent`).

Every resolution is checked against its official totals: the named votes must match them, and the
members left unnamed must be exactly as many as the totals leave over. A mismatch stops the build,
so a wrong or incomplete reference file can never reach the map.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.countries import un_members  # noqa: E402
from scripts.reference import read, write  # noqa: E402
from geo.vocab import RESOLUTION_BY_CODE  # noqa: E402

VOTES = ROOT / "data" / "un_votes.csv"
TOTALS = ROOT / "data" / "un_vote_totals.csv"
EXACT = ("yes", "no", "abstain", "absent")
# A category that stands for one of two votes -> those votes.
EITHER = {"yes_or_absent": ("yes", "absent"), "abstain_or_absent": ("abstain", "absent")}

# Citations as a reader should see them: the publication first, the copy it was read from after.
ES11_3_SOURCE = ("UN Digital Library, voting record of A/RES/ES-11/3, 7 April 2022 "
                 "(https://digitallibrary.un.org/record/3967778); as read at github.com/Quak1/un-votes")
SOURCES = {
    "ES-11/1": {v: "UN press release GA/12407, 2 March 2022 (https://press.un.org/en/2022/ga12407.doc.htm)"
                for v in EXACT},
    "ES-11/3": {v: ES11_3_SOURCE for v in EXACT},
    "ES-11/4": {
        "no": "UN press release GA/12458, 12 October 2022; also Euromaidan Press, 13 October 2022 "
              "(https://euromaidanpress.com/2022/10/13/unga-adopts-resolution-slamming-russias-attempt-"
              "to-annex-ukrainian-regions)",
        "abstain": "Interfax-Ukraine, 13 October 2022, from the Assembly's broadcast "
                   "(https://en.interfax.com.ua/news/general/865264.html); the same 35 names in "
                   "Glavcom (https://glavcom.ua/world/world-politics/promoviste-holosuvannja-jak-"
                   "rozpodililisja-holosi-za-antirosijsku-rezoljutsiju-oon-881756.html)",
        "absent": "EADaily, 13 October 2022 (https://eadaily.com/ru/ampnews/2022/10/13/antirossiyskoe-"
                  "edinoglasie-v-oon-sorvano-erevan-vozderzhalsya-baku-uklonilsya): 'Azerbaijan, Iran, "
                  "Turkmenistan and Venezuela did not take part in the vote'",
        "yes_or_absent": "Official totals: 143 in favour, 5 against, 35 abstentions, 10 absent (UN "
                         "News, 12 October 2022)",
    },
    "ES-11/5": {
        "yes": "Wikipedia, 'United Nations General Assembly Resolution ES-11/5', voting table "
               "(https://en.wikipedia.org/wiki/United_Nations_General_Assembly_Resolution_ES-11/5), "
               "as read at a mirror of that page",
        "abstain_or_absent": "Official totals: 94 in favour, 14 against, 73 abstentions, 12 absent; "
                             "Wikipedia, 'United Nations General Assembly Resolution ES-11/5'",
    },
}
SOURCES["ES-11/5"]["no"] = SOURCES["ES-11/5"]["yes"]
NOTES = {
    "yes_or_absent": "Not named in the lists of members against, abstaining or absent: it voted in "
                     "favour or was one of the 6 absentees the sources do not name.",
    "abstain_or_absent": "Not named in the lists of members in favour or against: it abstained or "
                         "was one of the 12 absentees (the sources read do not say which).",
    "MMR": "Myanmar's seat was held by the ambassador of the ousted government, whom the military "
           "junta does not recognise; the vote is his.",
}
# Totals only, no member-by-member record: listed on the Sources page, not drawn.
TOTALS_SOURCES = {
    "ES-11/2": "Wikipedia, 'United Nations General Assembly Resolution ES-11/2' (infobox), as read at "
               "a mirror; the 5 against named by Partito Radicale, 25 March 2022",
    "ES-11/6": "Wikipedia, 'United Nations General Assembly Resolution ES-11/6' (infobox), as read at "
               "a mirror",
}
SUBJECTS = {"ES-11/2": "humanitarian consequences of the aggression",
            "ES-11/6": "a just and lasting peace (2023)"}



def official_totals() -> dict[str, dict[str, str]]:
    return {row["resolution"]: row for row in read("unga_es11_totals.csv")}


def check_totals(resolution: str, votes: dict[str, str], totals: dict[str, str]) -> None:
    """Refuse a roll call whose named votes, or whose unnamed remainder, disagree with the totals."""
    counts = Counter(votes.values())
    official = {v: int(totals[v]) for v in EXACT}
    if sum(counts.values()) != int(totals["total"]):
        raise SystemExit(f"{resolution}: {sum(counts.values())} members, official total {totals['total']}")
    unnamed = {v: official[v] - counts[v] for v in EXACT}
    if any(n < 0 for n in unnamed.values()):
        raise SystemExit(f"{resolution}: more members named than the official totals {official}: {dict(counts)}")
    present = [either for either in EITHER if counts[either]]
    covered = {vote for either in present for vote in EITHER[either]}
    left_over = sum(unnamed[vote] for vote in covered)
    if sum(counts[either] for either in present) != left_over:
        raise SystemExit(f"{resolution}: {sum(counts[e] for e in present)} members not named, but the "
                         f"official totals {official} leave {left_over}")
    if any(n for vote, n in unnamed.items() if vote not in covered):
        raise SystemExit(f"{resolution}: the named votes {dict(counts)} do not add up to the official "
                         f"totals {official}")


def es11_1_votes(members: dict[str, str]) -> dict[str, str]:
    """The reference lists the members that did not vote in favour; every other member did."""
    not_in_favour = {r["iso3"]: r["vote"] for r in read("unga_es11_1_votes.csv")}
    return {iso3: not_in_favour.get(iso3, "yes") for iso3 in members}


def roll_call(name: str, members: dict[str, str]) -> dict[str, str]:
    return {r["iso3"]: r["value"] for r in read(name)}


def rows_for(resolution: str, votes: dict[str, str], members: dict[str, str]) -> list[dict[str, str]]:
    if set(votes) != set(members):
        raise SystemExit(f"{resolution}: not the 193 UN members: missing {sorted(set(members) - set(votes))}, "
                         f"extra {sorted(set(votes) - set(members))}")
    spec = RESOLUTION_BY_CODE[resolution]
    unknown = set(votes.values()) - set(spec.vocabulary.values)
    if unknown:
        raise SystemExit(f"{resolution}: votes {sorted(unknown)} are not in its vocabulary")
    return [{"iso3": iso3, "country": members[iso3], "resolution": resolution, "date": spec.date,
             "vote": vote, "source": SOURCES[resolution][vote],
             "note": NOTES.get(vote) or (NOTES["MMR"] if iso3 == "MMR" else "")}
            for iso3, vote in sorted(votes.items())]


def totals_rows(totals: dict[str, dict[str, str]], votes: list[dict[str, str]]) -> list[dict[str, str]]:
    drawn = {row["resolution"] for row in votes}
    rows = []
    for resolution, row in sorted(totals.items()):
        spec = RESOLUTION_BY_CODE.get(resolution)
        rows.append({
            "resolution": resolution, "date": row["date"],
            "subject": spec.subject if spec else SUBJECTS[resolution],
            **{v: row[v] for v in (*EXACT, "total")},
            "per_member": "complete" if resolution in ("ES-11/1", "ES-11/3") else
                          "partial" if resolution in drawn else "totals only",
            "source": (SOURCES[resolution]["yes_or_absent" if resolution == "ES-11/4" else
                                           "abstain_or_absent" if resolution == "ES-11/5" else "yes"]
                       if spec else TOTALS_SOURCES[resolution]),
        })
    return rows



def build() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The rows of data/un_votes.csv and data/un_vote_totals.csv, each roll call checked."""
    members = un_members()
    totals = official_totals()
    roll_calls = {
        "ES-11/1": es11_1_votes(members),
        "ES-11/3": roll_call("unga_es11_3_votes.csv", members),
        "ES-11/4": roll_call("unga_es11_4_votes.csv", members),
        "ES-11/5": roll_call("unga_es11_5_votes.csv", members),
    }
    rows = []
    for resolution, votes in roll_calls.items():
        check_totals(resolution, votes, totals[resolution])
        rows += rows_for(resolution, votes, members)
        print(resolution, dict(Counter(votes.values())), "checked against the official totals")
    return rows, totals_rows(totals, rows)


def main() -> None:
    votes, totals = build()
    write(VOTES, votes)
    write(TOTALS, totals)


if __name__ == "__main__":
    main()
