"""What an upload would change: incoming records compared with the current ones by country and date.

The same comparison gives the preview's counts and decides what the store writes, so the preview
shows exactly what applying does.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from geo.vocab import RECORD_COLUMNS

Mode = Literal["merge", "replace"]
MODES: tuple[Mode, ...] = ("merge", "replace")
KEY = ["iso3", "as_of"]
STORED_COLUMNS = list(RECORD_COLUMNS)


@dataclass(frozen=True)
class ChangeSet:
    """The records after a change and, for each record touched, whether it is new, changed, etc."""

    result: pd.DataFrame  # every record after the change, sorted by country and date
    # Incoming records plus removed ones, with a 'change' column (new, new date, changed,
    # unchanged, removed) and, for a new date, the dates it is added 'beside' (described by
    # describe_dates: a few listed, many counted) and the 'latest' of them.
    table: pd.DataFrame
    new: int  # records added, new dates included
    changed: int
    unchanged: int
    removed: int
    new_dates: int = 0  # of the new records, those for a country that keeps records on other dates

    @cached_property
    def digest(self) -> str:
        """plan_digest(), computed once: the page and the apply both ask for it."""
        return _digest(self.table.sort_values([*KEY, "change"], kind="stable")[[*STORED_COLUMNS, "change"]])

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.changed or self.removed)

    @property
    def changed_iso3(self) -> tuple[str, ...]:
        """The countries whose records this change adds, alters or removes (the preview marks them)."""
        touched = self.table.loc[self.table["change"] != "unchanged", "iso3"]
        return tuple(sorted(set(touched) - {""}))


def stored_form(records: pd.DataFrame) -> pd.DataFrame:
    """The record columns only, as strings, in the vocabulary's order."""
    frame = records.reindex(columns=STORED_COLUMNS).fillna("").astype(str)
    return frame.reset_index(drop=True)


def plan_changes(current: pd.DataFrame, incoming: pd.DataFrame, mode: Mode = "merge") -> ChangeSet:
    """Merge upserts incoming records by (iso3, as_of); replace makes them the whole dataset."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    current, incoming = stored_form(current), stored_form(incoming)
    if incoming.duplicated(KEY).any():
        raise ValueError("incoming records repeat a country and date")
    joined = incoming.merge(current, on=KEY, how="left", suffixes=("", "_current"), indicator=True)
    others = [c for c in STORED_COLUMNS if c not in KEY]
    is_new = joined["_merge"].eq("left_only").to_numpy()
    same = pd.Series(True, index=joined.index)
    for column in others:
        same &= joined[column].eq(joined[f"{column}_current"])
    is_same = same.to_numpy() & ~is_new
    change = pd.Series("changed", index=incoming.index)
    change[is_new] = "new"
    change[is_same] = "unchanged"
    table = incoming.assign(change=change.to_numpy())

    incoming_keys = pd.MultiIndex.from_frame(incoming[KEY])
    current_keys = pd.MultiIndex.from_frame(current[KEY])
    kept_current = current[~current_keys.isin(incoming_keys)]
    if mode == "replace":
        removed = kept_current
        result = incoming
        table = pd.concat([table, removed.assign(change="removed")], ignore_index=True)
    else:
        removed = kept_current.iloc[0:0]
        result = pd.concat([kept_current, incoming], ignore_index=True)
    result = result.sort_values(KEY, kind="stable").reset_index(drop=True)
    # A new date for a country whose older records stay is added beside them, not in their place.
    # Merge keeps every current record; replace keeps those the file repeats. Described once per
    # country, not once per row: a country of a big store has hundreds of dates.
    staying = current if mode == "merge" else current[current_keys.isin(incoming_keys)]
    dates_staying = staying.groupby("iso3")["as_of"]
    is_plain_new = table["change"].eq("new")
    beside = table["iso3"].map(dates_staying.agg(describe_dates)).fillna("").where(is_plain_new, "")
    latest = table["iso3"].map(dates_staying.max()).fillna("").where(is_plain_new, "")
    table = table.assign(beside=beside.to_numpy(), latest=latest.to_numpy())
    table.loc[table["beside"].ne(""), "change"] = "new date"
    return ChangeSet(result=result, table=table, new=int(is_new.sum()),
                     changed=int((~is_new & ~is_same).sum()), unchanged=int(is_same.sum()),
                     removed=len(removed), new_dates=int(beside.ne("").sum()))


SHOWN_DATES = 3


def describe_dates(dates: Iterable[str], shown: int = SHOWN_DATES) -> str:
    """Dates for a sentence: '2022-01-01, 2022-07-27' when few, '412 dates from 2014-01-03 to
    2023-12-30' when more than SHOWN, so that a line stays a line however big the store."""
    ordered = sorted(dates)
    if len(ordered) <= shown:
        return ", ".join(ordered)
    return f"{len(ordered):,} dates from {ordered[0]} to {ordered[-1]}"


def new_dates_by_country(plan: ChangeSet, shown: int = SHOWN_DATES) -> pd.DataFrame:
    """One row per country given new dates: how many, their range, the first few, what they are
    added beside, and how many are older than the country's latest record (the map shows that)."""
    added = plan.table[plan.table["change"].eq("new date")]
    columns = ["country", "iso3", "new_dates", "first", "last", "dates", "beside", "latest", "older"]
    if added.empty:
        return pd.DataFrame(columns=columns)
    added = added.assign(older=added["as_of"].lt(added["latest"]))
    grouped = added.sort_values("as_of", kind="stable").groupby("iso3", sort=True)
    summary = grouped.agg(country=("country", "first"), new_dates=("as_of", "size"),
                          first=("as_of", "min"), last=("as_of", "max"),
                          dates=("as_of", lambda d: ", ".join(list(d)[:shown])),
                          beside=("beside", "first"), latest=("latest", "first"),
                          older=("older", "sum")).reset_index()
    return summary[columns]


def _digest(frame: pd.DataFrame) -> str:
    hashed = pd.util.hash_pandas_object(frame.reset_index(drop=True), index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()


def plan_digest(plan: ChangeSet) -> str:
    """A fingerprint of what a change does (every record touched, and how): equal digests mean
    the apply writes exactly what the preview showed."""
    return plan.digest


def records_digest(records: pd.DataFrame) -> str:
    """A fingerprint of a whole dataset, whatever the order of its rows: two versions with equal
    digests hold the same records."""
    return _digest(stored_form(records).sort_values(KEY, kind="stable"))
