"""Plain-language findings computed from the data, for the sentences above the map.

Every finding is computed over all 193 UN member states and says its denominator; each carries the
numbers it states, so a test can check the sentence against the data and a reader can trust that
the words move when the data does. A list of countries is named in full, or not at all (the table
under the map has it); a finding that rests on fewer than SMALL_BASE countries says so.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from geo.rule.shares import percent
from geo.vocab import ENGAGEMENT, MOVEMENT, RESOLUTION_BY_CODE, RESOLUTIONS, RUSSIA_STANCE, UN_VOTE

SMALL_BASE = 20
MAX_NAMED = 20  # longer lists are left to the table under the map


@dataclass(frozen=True)
class Finding:
    text: str
    numbers: dict[str, int] = field(default_factory=dict)


def _names(frame: pd.DataFrame) -> str:
    names = sorted(frame["name"])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _named(frame: pd.DataFrame, table_hint: str) -> str:
    """': A, B and C.' when short enough, else where the full list is."""
    if frame.empty:
        return "."
    if len(frame) <= MAX_NAMED:
        return f": {_names(frame)}."
    return f" (all {len(frame)} are listed in the table under the map, layer '{table_hint}')."


def _countries(n: int) -> str:
    return f"{n} country" if n == 1 else f"{n} countries"


def _small_base(n: int) -> str:
    return f" (A small base: {_countries(n)}.)" if 0 < n < SMALL_BASE else ""


def _members(countries: pd.DataFrame) -> pd.DataFrame:
    return countries[countries["un_member"]]


def _people_share(group: pd.DataFrame, members: pd.DataFrame) -> str:
    total = members["population"].sum()
    return percent(group["population"].sum() / total) if total else "0%"


def period(countries: pd.DataFrame) -> str:
    """'2022-23' once the 2023 vote is held on the day shown, else '2022': what the classes cover."""
    last = RESOLUTIONS[-1]
    return "2022-23" if _members(countries)[last.vocabulary.column].ne("").any() else "2022"


def stance_finding(countries: pd.DataFrame) -> Finding:
    """The atlas's answer in one sentence: how many members, and how many people, on each side."""
    members = _members(countries)
    column = members[RUSSIA_STANCE.column]
    opposed = members[column == "opposed"]
    close = members[column.isin(["ally", "friendly"])]
    between = members[column.isin(["hedging", "distancing"])]
    numbers = {"members": len(members), "opposed": len(opposed), "ally_or_friendly": len(close),
               "hedging_or_distancing": len(between)}
    return Finding(
        f"Of the {len(members)} UN members, {len(opposed)} opposed Russia in {period(countries)} (sanctions, or on "
        f"Russia's own 'unfriendly' list): they hold {_people_share(opposed, members)} of the world's "
        f"people. {len(close)} were Russia's allies or friendly to it "
        f"({_people_share(close, members)} of the people) and {len(between)} hedged or kept their "
        f"distance ({_people_share(between, members)}).", numbers)


def engagement_finding(countries: pd.DataFrame) -> Finding:
    """The article's point, over every US treaty ally and partner: who still engages Moscow."""
    members = _members(countries)
    engaging = members[members[ENGAGEMENT.column] == "engaging"]
    allies = members[members[ENGAGEMENT.column].isin(["engaging", "keeping_distance"])]
    text = (f"{len(engaging)} of the {len(allies)} US treaty allies and partners among the "
            f"{len(members)} UN members still engaged Moscow in {period(countries)} (friendly, allied or hedging)"
            + _named(engaging, ENGAGEMENT.title) + _small_base(len(allies)))
    return Finding(text, {"engaging": len(engaging), "allies_and_partners": len(allies),
                          "members": len(members)})


def vote_finding(countries: pd.DataFrame) -> Finding:
    """How many members voted in favour on each resolution held so far."""
    members = _members(countries)
    parts, numbers = [], {"members": len(members)}
    for resolution in RESOLUTIONS:
        cast = members[resolution.vocabulary.column]
        if not cast.ne("").any():
            continue
        counts = cast.value_counts()
        code = resolution.code.replace("-", "").replace("/", "_").lower()
        numbers.update({f"{code}_{v}": int(counts.get(v, 0)) for v in resolution.vocabulary.values})
        parts.append(f"{int(counts.get('yes', 0))} {'voted in favour ' if not parts else ''}on "
                     f"{resolution.subject} ({resolution.code})")
    return Finding(f"Of the {len(members)} UN members, " + "; ".join(parts) + ".", numbers)


def movement_finding(countries: pd.DataFrame) -> Finding:
    """Who moved across the votes held so far (geo.rule.movement's rule), in members and in people."""
    members = _members(countries)
    column = members[MOVEMENT.column]
    groups = {c.value: members[column == c.value] for c in MOVEMENT.categories}
    held = [r for r in RESOLUTIONS if members[r.vocabulary.column].ne("").any()]
    numbers = {value: len(group) for value, group in groups.items()} | {"members": len(members)}

    def part(value: str, phrase: str, named: bool = False) -> str:
        group = groups[value]
        text = f"{len(group)} {phrase} ({_people_share(group, members)} of the people)"
        return text + (f": {_names(group)}" if named and 0 < len(group) <= MAX_NAMED else "")

    span = f"{held[0].code} to {held[-1].code}" if len(held) > 1 else held[0].code
    return Finding(
        f"Across the {len(held)} votes on Ukraine held by then ({span}), {part('steady_ukraine', 'members voted in favour every time')}; "
        f"{part('towards_russia', 'moved towards Russia', True)}; {part('towards_ukraine', 'moved away from it', True)}; "
        f"{part('never_sided', 'never took a side')}. Moving compares the vote on the invasion with the "
        "latest on the war itself (in favour; abstaining or absent; against).", numbers)


def hosting_findings(countries: pd.DataFrame, visited: Iterable[str]) -> list[Finding]:
    """How the members that Lavrov or Putin visited in 2022 voted on ES-11/1."""
    members = _members(countries)
    hosts = members[members["iso3"].isin(set(visited))]
    findings = []
    for vote, phrase in (("abstain", "abstained on"), ("yes", "voted for")):
        group = members[members[UN_VOTE.column] == vote]
        hosted = hosts[hosts[UN_VOTE.column] == vote]
        findings.append(Finding(
            f"Of the {_countries(len(group))} that {phrase} ES-11/1, {len(hosted)} "
            f"{'was' if len(hosted) == 1 else 'were'} visited by Lavrov or Putin in 2022"
            + _named(hosted, "Visited by Lavrov/Putin in 2022") + _small_base(len(group)),
            {"group": len(group), "hosted": len(hosted)}))
    return findings


def not_yet_voted(countries: pd.DataFrame) -> bool:
    """True on the time slider's days before 2 March 2022: no member has an ES-11/1 vote yet."""
    return not _members(countries)[UN_VOTE.column].ne("").any()


def summarise(countries: pd.DataFrame, visited: Iterable[str] | None = None) -> list[Finding]:
    """The findings shown above the overview map, most telling first."""
    first = RESOLUTION_BY_CODE["ES-11/1"]
    if not_yet_voted(countries):  # "0 of 193 voted; of the 0 that abstained..." says nothing
        return [stance_finding(countries), engagement_finding(countries), Finding(
            f"The General Assembly had not yet voted on {first.subject} ({first.code}, 2 March "
            "2022): until then only sanctions, Russia's list and the records can place a country; "
            "move the time slider later to see the votes.", {"members_voted": 0})]
    findings = [stance_finding(countries), engagement_finding(countries), vote_finding(countries),
                movement_finding(countries)]
    if visited is not None:
        findings += hosting_findings(countries, visited)
    return findings
