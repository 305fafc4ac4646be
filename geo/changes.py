"""What an upload would change: incoming records compared with the current ones by country and date.

The same comparison gives the preview's counts and decides what the store writes, so the preview
shows exactly what applying does.
"""
from __future__ import annotations

from dataclasses import dataclass
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
    table: pd.DataFrame  # incoming records plus removed ones, with a 'change' column
    new: int
    changed: int
    unchanged: int
    removed: int

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
    return ChangeSet(result=result, table=table, new=int(is_new.sum()),
                     changed=int((~is_new & ~is_same).sum()), unchanged=int(is_same.sum()),
                     removed=len(removed))
