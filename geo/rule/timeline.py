"""Dated snapshots: what the atlas knew on a given day of 2022.

Records carry the date their evidence dates from; a snapshot keeps, for each country, the newest
record dated on or before the day. So the map can be stepped through the year, as Our World in
Data steps through years, and a country whose stance changed shows the change.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.vocab import TRAVELLER, TRIP_CONFIDENCE, VISIT_COUNTED

LATEST = "latest"


def snapshot_dates(records: pd.DataFrame, votes: pd.DataFrame, extra: Iterable[str] = ()) -> list[str]:
    """Every day on which something in the data changed, oldest first (ISO dates)."""
    dates = set(records.get("as_of", pd.Series(dtype=str))) | set(votes.get("date", pd.Series(dtype=str)))
    dates |= set(extra)
    return sorted(d for d in dates if isinstance(d, str) and len(d) == 10)


def records_as_of(records: pd.DataFrame, day: str) -> pd.DataFrame:
    """The records a reader would have had on DAY (all of them for LATEST)."""
    if day == LATEST:
        return records
    return records[records["as_of"] <= day]


def votes_as_of(votes: pd.DataFrame, day: str) -> pd.DataFrame:
    """Only the votes already cast on DAY: a resolution not yet voted on shows as no data."""
    if day == LATEST:
        return votes
    return votes[votes["date"] <= day]


def _day_label(day: str) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp.day} {stamp:%b}" + ("" if stamp.year == 2022 else f" {stamp.year}")


def describe_days(records: pd.DataFrame, votes: pd.DataFrame, stops: Iterable = (),
                  days: Iterable[str] | None = None,
                  more: dict[str, list[str]] | None = None) -> dict[str, str]:
    """What changed on each day, as the time slider labels its stops ('12 Oct: ES-11/4 vote').

    STOPS are Lavrov's and Putin's stops (geo.travels.routes.Stop): a visit that starts that day. MORE are
    other dated events by day (geo.rule.indicators.fact_events: sanctions, listings, alliances). DAYS
    defaults to snapshot_dates().
    """
    events: dict[str, list[str]] = {day: list(happened) for day, happened in (more or {}).items()}
    if "date" in votes and "resolution" in votes:
        for day, cast in votes.groupby("date"):
            events.setdefault(str(day), []).extend(f"{r} vote" for r in sorted(cast["resolution"].unique()))
    visits: dict[str, dict[str, list[str]]] = {}
    for stop in stops:
        place = stop.country or stop.city
        if stop.confidence not in VISIT_COUNTED:
            place += f" ({TRIP_CONFIDENCE.label(stop.confidence).lower()})"
        who = TRAVELLER.label(stop.traveller).split()[-1]
        places = visits.setdefault(stop.date_start.isoformat(), {}).setdefault(who, [])
        if place not in places:
            places.append(place)
    for day, by_traveller in visits.items():
        events.setdefault(day, []).extend(
            f"{who} in " + " and ".join(places) for who, places in by_traveller.items())
    if "as_of" in records:
        for day, dated in records.groupby("as_of"):
            names = sorted(dated.get("country", dated["iso3"]).astype(str).unique())
            events.setdefault(str(day), []).append(
                f"record for {names[0]}" if len(names) == 1 else f"records for {len(names)} countries")
    days = snapshot_dates(records, votes, events) if days is None else days
    return {day: f"{_day_label(day)}: " + "; ".join(events.get(day, ["data changed"])) for day in days}
