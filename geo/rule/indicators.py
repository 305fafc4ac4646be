"""World-wide indicators (sanctions, Russia's list, US alliances): sourced facts and the class each gives.

data/indicators.csv holds one fact per row, each with its date and source. A country's class on an
indicator's layer is the first category of the layer's vocabulary among its facts in force on the
day shown (NATO before Major Non-NATO Ally), and the layer's last category ("none") where it has
facts but none is in force yet. Dates are as precise as their source: a fact dated only by month or
year counts from the last day of that month or year, so the time slider never shows it too early.
"""
from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from geo.rule.timeline import LATEST
from geo.vocab import INDICATORS, Vocabulary

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def in_force_from(when: str) -> str:
    """The first day on which a fact dated WHEN surely held ('' when it held before 2022)."""
    if not when:
        return ""
    parts = [int(p) for p in when.split("-")]
    if len(parts) == 3:
        return when
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def readable_date(when: str) -> str:
    """'2022-03-05' -> '5 Mar 2022'; '2022-02' -> 'Feb 2022'; '2022' -> '2022'."""
    parts = when.split("-") if when else []
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return when


def facts_as_of(facts: pd.DataFrame, day: str) -> pd.DataFrame:
    """The facts a reader would have had on DAY (all of them for LATEST)."""
    if day == LATEST or facts.empty:
        return facts
    starts = facts["date"].map(in_force_from)
    return facts[(starts == "") | (starts <= day)]


def indicator_classes(facts: pd.DataFrame, day: str = LATEST,
                      vocabularies: tuple[Vocabulary, ...] = INDICATORS) -> pd.DataFrame:
    """ISO3 -> per indicator: its class on DAY, since when ('' if it held before 2022 or is the
    default), and whether the facts that decide it are all inferred ('' class: no facts at all)."""
    in_force = facts_as_of(facts, day)
    columns = {}
    for vocabulary in vocabularies:
        column, default = vocabulary.column, vocabulary.values[-1]
        covered = facts.loc[facts["indicator"] == column, "iso3"].unique()
        current = in_force[in_force["indicator"] == column]
        rank = current["value"].map({value: i for i, value in enumerate(vocabulary.values)})
        current = current.assign(rank=rank, start=current["date"].map(in_force_from),
                                 inferred=current["certainty"].eq("inferred"))
        best = current.sort_values(["rank", "start"])
        deciding = best[best["rank"] == best.groupby("iso3")["rank"].transform("min")]
        decided = deciding.groupby("iso3").agg(value=("value", "first"), start=("start", "first"),
                                               inferred=("inferred", "all"))
        decided = decided.reindex(covered)
        columns[column] = decided["value"].fillna(default)
        columns[f"{column}_since"] = decided["start"].where(decided["value"].ne(default)).fillna("")
        columns[f"{column}_inferred"] = decided["inferred"].eq(True)
    table = pd.DataFrame(columns)
    for vocabulary in vocabularies:
        table[vocabulary.column] = table[vocabulary.column].fillna("")
        table[f"{vocabulary.column}_since"] = table[f"{vocabulary.column}_since"].fillna("")
        table[f"{vocabulary.column}_inferred"] = table[f"{vocabulary.column}_inferred"].eq(True)
    return table


def country_facts(facts: pd.DataFrame, iso3: str, day: str = LATEST) -> pd.DataFrame:
    """Every fact about one country in force on DAY, layer by layer, oldest first."""
    rows = facts_as_of(facts, day)
    rows = rows[rows["iso3"] == iso3]
    return rows.assign(start=rows["date"].map(in_force_from)).sort_values(["indicator", "start"])


def fact_days(facts: pd.DataFrame, vocabularies: tuple[Vocabulary, ...] = INDICATORS) -> list[str]:
    """Days of 2022 on which a fact changed a layer (a 'none' fact changes nothing)."""
    return sorted(fact_events(facts, vocabularies))


_EVENT = {"sanctions": "sanctions by {}", "unfriendly": "on Russia's list: {}",
          "us_alliance": "US alliance: {}"}


def fact_events(facts: pd.DataFrame, vocabularies: tuple[Vocabulary, ...] = INDICATORS) -> dict[str, list[str]]:
    """What the facts changed on each day of 2022, for the time slider's labels ('sanctions by 27
    countries', 'on Russia's list: Bahamas')."""
    defaults = {v.column: v.values[-1] for v in vocabularies}
    changing = facts[facts["date"].str.startswith("2022") & (facts["value"] != facts["indicator"].map(defaults))]
    events: dict[str, list[str]] = {}
    changing = changing.assign(start=changing["date"].map(in_force_from))
    for (day, indicator), rows in changing.groupby(["start", "indicator"]):
        names = sorted(rows.get("country", rows["iso3"]).unique())
        who = ", ".join(names) if len(names) <= 3 else f"{len(names)} countries"
        events.setdefault(day, []).append(_EVENT[indicator].format(who))
    return events
