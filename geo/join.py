"""Joining records and votes to the world: one row per drawn country, no country dropped."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.vocab import (ENGAGEMENT, ENGAGING_STANCES, RUSSIA_STANCE, US_ALIGNMENT, US_SIDE, VISITED,
                       VOTE_LAYERS)

LAYER_COLUMNS = (US_ALIGNMENT.column, RUSSIA_STANCE.column, ENGAGEMENT.column,
                 *(v.column for v in VOTE_LAYERS.values()), VISITED.column)


def engagement(alignment: str, stance: str) -> str:
    """The article's question for one country: is a US ally or partner still engaging Moscow?"""
    if alignment in US_SIDE:
        if not stance:
            return ""  # an ally whose stance is not recorded: unknown, not 'not aligned'
        return "engaging" if stance in ENGAGING_STANCES else "keeping_distance"
    return "not_us_aligned" if alignment or stance else ""


def latest_records(records: pd.DataFrame) -> pd.DataFrame:
    """The newest record of each country (records carry dates; the map shows the latest)."""
    if records.empty:
        return records.assign(iso3=pd.Series(dtype=str)).set_index("iso3")
    return records.sort_values("as_of").drop_duplicates("iso3", keep="last").set_index("iso3")


def visited_column(iso3: pd.Series, visited: dict[str, str] | None) -> list[str]:
    """Who visited each country ('none' when nobody did); unknown without trips, empty for Russia."""
    if visited is None:
        return [""] * len(iso3)
    return ["" if not code or code == VISITED.subject_iso3 else visited.get(code, "none")
            for code in iso3]


def join_countries(world: gpd.GeoDataFrame, records: pd.DataFrame, votes: pd.DataFrame,
                   visited: dict[str, str] | None = None) -> gpd.GeoDataFrame:
    """World features with each country's alignment, stance, engagement, votes and visits.

    visited maps ISO3 codes to a VISITED value (geo.routes.visited_by); '' means unknown.
    """
    latest = latest_records(records)
    joined = world.copy()
    for column in (US_ALIGNMENT.column, RUSSIA_STANCE.column):
        joined[column] = joined["iso3"].map(latest[column]).fillna("") if column in latest else ""
    joined[ENGAGEMENT.column] = [engagement(a, s) for a, s in
                                 zip(joined[US_ALIGNMENT.column], joined[RUSSIA_STANCE.column])]
    for resolution, vocabulary in VOTE_LAYERS.items():
        cast = votes[votes["resolution"] == resolution].set_index("iso3")["vote"]
        joined[vocabulary.column] = joined["iso3"].map(cast).fillna("")
    joined[VISITED.column] = visited_column(joined["iso3"], visited)
    joined["has_record"] = joined["iso3"].isin(latest.index) & joined["iso3"].ne("")
    return joined
