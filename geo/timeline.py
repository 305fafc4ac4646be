"""Dated snapshots: what the atlas knew on a given day of 2022.

Records carry the date their evidence dates from; a snapshot keeps, for each country, the newest
record dated on or before the day. So the map can be stepped through the year, as Our World in
Data steps through years, and a country whose stance changed shows the change.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

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
