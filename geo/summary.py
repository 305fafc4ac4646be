"""Plain-language findings computed from the data, for the sentence above the map.

Each finding carries the numbers it states, so a test can check the sentence against the data
and a reader can trust that the words move when the data does.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from geo.vocab import ENGAGEMENT, UN_VOTE


@dataclass(frozen=True)
class Finding:
    text: str
    numbers: dict[str, int] = field(default_factory=dict)


def _names(frame: pd.DataFrame) -> str:
    names = sorted(frame["name"])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _countries(n: int) -> str:
    return f"{n} country" if n == 1 else f"{n} countries"


def vote_finding(countries: pd.DataFrame) -> Finding:
    members = countries[countries["un_member"]]
    counts = members[UN_VOTE.column].value_counts()
    numbers = {v: int(counts.get(v, 0)) for v in UN_VOTE.values}
    numbers["members"] = len(members)
    return Finding(
        f"{numbers['yes']} of {numbers['members']} UN members voted on 2 March 2022 to deplore "
        f"Russia's invasion (ES-11/1); {numbers['abstain']} abstained, {numbers['absent']} did not "
        f"vote and {numbers['no']} voted against.", numbers)


def hosting_findings(countries: pd.DataFrame, visited: Iterable[str]) -> list[Finding]:
    """How the countries that Lavrov or Putin visited in 2022 voted on ES-11/1."""
    hosts = countries[countries["un_member"] & countries["iso3"].isin(set(visited))]
    findings = []
    for vote, phrase in (("abstain", "abstained on"), ("yes", "voted for")):
        group = countries[countries["un_member"] & (countries[UN_VOTE.column] == vote)]
        hosted = hosts[hosts[UN_VOTE.column] == vote]
        findings.append(Finding(
            f"Of the {_countries(len(group))} that {phrase} ES-11/1, {len(hosted)} "
            f"{'was' if len(hosted) == 1 else 'were'} visited by Lavrov or Putin in 2022" + (f": {_names(hosted)}." if 0 < len(hosted) <= 8 else "."),
            {"group": len(group), "hosted": len(hosted)}))
    return findings


def engagement_finding(countries: pd.DataFrame) -> Finding:
    """The article's point: US allies and partners that still engage Moscow."""
    engaging = countries[countries[ENGAGEMENT.column] == "engaging"]
    known = countries[countries[ENGAGEMENT.column].isin(["engaging", "keeping_distance"])]
    text = (f"{len(engaging)} of the {len(known)} US treaty allies and partners whose stance is on "
            f"record still engage Moscow" + (f": {_names(engaging)}." if len(engaging) else "."))
    return Finding(text, {"engaging": len(engaging), "on_record": len(known)})


def not_yet_voted(countries: pd.DataFrame) -> bool:
    """True on the time slider's days before 2 March 2022: no member has an ES-11/1 vote yet."""
    return not countries.loc[countries["un_member"], UN_VOTE.column].ne("").any()


def summarise(countries: pd.DataFrame, visited: Iterable[str] | None = None) -> list[Finding]:
    """The findings shown above the overview map, most telling first."""
    if not_yet_voted(countries):  # "0 of 193 voted; of the 0 that abstained..." says nothing
        return [engagement_finding(countries), Finding(
            "The General Assembly had not yet voted on ES-11/1 (it did on 2 March 2022); move "
            "the time slider later to see the votes.", {"members_voted": 0})]
    findings = [engagement_finding(countries), vote_finding(countries)]
    if visited is not None:
        findings += hosting_findings(countries, visited)
    return findings
