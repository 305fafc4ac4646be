"""The atlas's rule: every country's relation to Russia and alignment with the US, from sourced facts.

Where no country record gives a class, it is derived from the indicators (sanctions, Russia's
"unfriendly" list, US alliances), the UN votes and the visits, by the rule below and nowhere else.
Each class comes with the inputs that decided it, in words a reader can check ("sanctions since
23 Feb 2022; on Russia's 'unfriendly' list since 5 Mar 2022; voted for ES-11/1, /3 and /5"), and
with a caveat when it rests on an inferred fact. Every member's vote on each of the six resolutions
is named in the UN's record, so the rule counts them all (those held by the day shown). RULE is the
same rule in plain words, for the Sources page.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.rule.indicators import readable_date
from geo.vocab import RESOLUTIONS, RUSSIA_STANCE, WAR_RESOLUTIONS, SANCTIONS, US_ALIGNMENT, US_ALLIANCE, VISITED

SANCTIONED = frozenset({"own", "eu", "inferred"})
TREATIES = frozenset({"nato", "bilateral_treaty", "rio_treaty"})
HOSTED = frozenset({"lavrov", "putin", "both"})
CORE = WAR_RESOLUTIONS  # voting against one of them is siding with Russia

RULE = {
    "How the relation to Russia is set": (
        "**Opposed** if the country imposed sanctions on Russia in 2022 or is on Russia's own list of "
        "'unfriendly countries'. Otherwise, from the General Assembly's six votes on Ukraine (March "
        "2022 to February 2023): **ally** if it voted with Russia against a resolution on the war "
        "itself, the invasion (ES-11/1), the annexations (ES-11/4) or the peace a year on (ES-11/6); "
        "**friendly** if it voted in favour of none of the resolutions; **distancing** if it voted in "
        "favour of every one and hosted neither Lavrov nor Putin in 2022; **hedging** otherwise (in "
        "favour of some but not all, or of all while hosting a Russian leader). The UN's record names "
        "every member's vote on all six, so all six count; on the time slider, those held by then.",
        "Sanctions and Russia's list come first because they are acts, not votes. Russia itself has "
        "no class on this axis.",
    ),
    "How the alignment with the US is set": (
        "**US treaty ally** if the country was in 2022 a NATO member, a party to a bilateral defence "
        "treaty with the US or to the Rio Treaty. Otherwise **US rival** if it voted with Russia "
        "against ES-11/1, ES-11/4 or ES-11/6; **US partner** if it is a Major Non-NATO Ally or imposed "
        "sanctions on Russia in 2022; **neutral** otherwise.",
        "A treaty is a standing commitment, so it comes before the votes. The United States itself "
        "has no class on this axis.",
    ),
    "Records and the rule": (
        "A country record (from the source article or an upload, with its evidence and source) "
        "always wins over the rule, and the details panel shows both when they differ. Every class "
        "the rule gives is marked as derived; one that rests on an inferred fact (four microstates' "
        "sanctions) says so. On the time slider the rule uses only the "
        "votes, sanctions, listings and visits of that day or before.",
    ),
}


@dataclass(frozen=True)
class Derived:
    """A class and why: the inputs that decided it, and what makes it less than certain."""

    value: str
    why: str
    uncertain: str = ""


def _list(codes: list[str]) -> str:
    """['ES-11/1', 'ES-11/3', 'ES-11/5'] -> 'ES-11/1, /3 and /5'."""
    short = [codes[0]] + [c.removeprefix("ES-11") for c in codes[1:]]
    return short[0] if len(short) == 1 else ", ".join(short[:-1]) + " and " + short[-1]


_VOTE_PHRASES = (("yes", "voted for"), ("no", "voted against"), ("abstain", "abstained on"),
                 ("absent", "was absent from"))


def vote_summary(votes: dict[str, str]) -> str:
    """'voted for ES-11/1 and /3; voted for or was absent from ES-11/4' (resolutions in date order)."""
    parts = []
    for value, phrase in _VOTE_PHRASES:
        codes = [code for code, vote in votes.items() if vote == value]
        if codes:
            parts.append(f"{phrase} {_list(codes)}")
    return "; ".join(parts)


def _since(when: str) -> str:
    return f" since {readable_date(when)}" if when else ""


def _sanctions_reason(row: dict) -> str:
    kind = {"own": "", "eu": " (the EU's)", "inferred": " (inferred from Russia's list)"}[row["sanctions"]]
    return f"sanctions{_since(row['sanctions_since'])}{kind}"


def _visit_reason(visited: str) -> str:
    who = {"lavrov": "Lavrov", "putin": "Putin", "both": "Lavrov and Putin"}[visited]
    return f"hosted {who} in 2022"


def held_votes(row: dict) -> dict[str, str]:
    """The country's vote on each resolution held by the day shown, in date order."""
    return {r.code: row[r.vocabulary.column] for r in RESOLUTIONS if row.get(r.vocabulary.column, "")}


def stance(row: dict) -> Derived:
    """Relation to Russia by the rule (RULE above)."""
    if row["iso3"] == RUSSIA_STANCE.subject_iso3:
        return Derived("", "Russia is the subject of this axis")
    votes = held_votes(row)
    voted = vote_summary(votes)
    sanctioned = row.get("sanctions", "") in SANCTIONED
    listed = row.get("unfriendly", "") == "listed"
    if sanctioned or listed:
        reasons = [_sanctions_reason(row)] if sanctioned else []
        if listed:
            reasons.append(f"on Russia's 'unfriendly' list{_since(row['unfriendly_since'])}")
        uncertain = ("its sanctions are inferred from Russia's own description of its list"
                     if sanctioned and not listed and row["sanctions_inferred"] else "")
        return Derived("opposed", "; ".join(reasons + ([voted] if voted else [])), uncertain)
    if not votes:
        return Derived("", "no sanctions recorded, and the General Assembly had not voted yet")
    against = [code for code in CORE if votes.get(code) == "no"]
    if against:
        return Derived("ally", f"voted with Russia against {_list(against)}; {voted}")
    in_favour = [code for code, vote in votes.items() if vote == "yes"]
    hosted = row.get(VISITED.column, "") in HOSTED
    visit = [_visit_reason(row[VISITED.column])] if hosted else []
    if not in_favour:
        return Derived("friendly", f"voted in favour of none of {_list(list(votes))}; {voted}")
    if len(in_favour) == len(votes) and not hosted:
        return Derived("distancing", f"{voted}; no sanctions; hosted neither Lavrov nor Putin")
    return Derived("hedging", "; ".join([voted, *visit, "no sanctions"]))


def alignment(row: dict) -> Derived:
    """Alignment with the US by the rule (RULE above)."""
    if row["iso3"] == US_ALIGNMENT.subject_iso3:
        return Derived("", "the United States is the subject of this axis")
    alliance = row.get(US_ALLIANCE.column, "")
    if not alliance:
        return Derived("", "no facts recorded for this country")
    alliance_text = US_ALLIANCE.label(alliance) + _since(row.get("us_alliance_since", ""))
    inferred = row.get("us_alliance_inferred", False)
    if alliance in TREATIES:
        return Derived("treaty_ally", alliance_text,
                       f"its {US_ALLIANCE.label(alliance)} status in 2022 is inferred" if inferred else "")
    votes = held_votes(row)
    against = [code for code in CORE if votes.get(code) == "no"]
    if against:
        return Derived("rival", f"voted with Russia against {_list(against)}; no US alliance")
    sanctioned = row.get(SANCTIONS.column, "") in SANCTIONED
    if alliance == "mnna" or sanctioned:
        reasons = ([alliance_text] if alliance == "mnna" else []) + (
            [_sanctions_reason(row)] if sanctioned else [])
        uncertain = ("its sanctions are inferred from Russia's own description of its list"
                     if alliance != "mnna" and row["sanctions_inferred"] else "")
        return Derived("partner", "; ".join(reasons), uncertain)
    return Derived("neutral", "no US alliance and no sanctions on Russia"
                   + (f"; did not vote against {_list([c for c in CORE if c in votes])}"
                      if any(c in votes for c in CORE) else ""))


RULES = ((RUSSIA_STANCE.column, stance), (US_ALIGNMENT.column, alignment))


def classify(countries: pd.DataFrame) -> pd.DataFrame:
    """Per country and axis: the rule's class, why, and any caveat (columns '<axis>_rule', '_why',
    '_uncertain'), indexed like COUNTRIES."""
    columns = {}
    rows = countries.drop(columns="geometry", errors="ignore").to_dict("records")
    for column, rule in RULES:
        derived = [rule(row) for row in rows]
        columns[f"{column}_rule"] = [d.value for d in derived]
        columns[f"{column}_why"] = [d.why for d in derived]
        columns[f"{column}_uncertain"] = [d.uncertain for d in derived]
    return pd.DataFrame(columns, index=countries.index)
