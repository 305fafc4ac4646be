"""Joining records, votes, indicators and visits to the world: one row per drawn country, none dropped.

The two main axes (alignment with the US, relation to Russia) come from two places: a country record
(the evidence layer: the source article's or an upload's) and the atlas's rule (geo.rule.classify). The
record wins where it gives a value; `<axis>_basis` says which one the map shows, so the details
panel can show the other beside it.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.rule.classify import classify
from geo.rule.indicators import indicator_classes
from geo.rule.movement import movement, sequence
from geo.rule.timeline import LATEST
from geo.vocab import (ENGAGEMENT, MOVEMENT, ENGAGING_STANCES, INDICATORS, RUSSIA_STANCE, US_ALIGNMENT, US_SIDE,
                       VISITED, VOTE_LAYERS)

AXES = (US_ALIGNMENT, RUSSIA_STANCE)
LAYER_COLUMNS = (US_ALIGNMENT.column, RUSSIA_STANCE.column, ENGAGEMENT.column,
                 *(v.column for v in INDICATORS), *(v.column for v in VOTE_LAYERS.values()),
                 VISITED.column)
NO_FACTS = pd.DataFrame(columns=["iso3", "indicator", "value", "date", "certainty"])


def engagement(alignment: str, stance: str) -> str:
    """The article's question for one country: is a US ally or partner still engaging Moscow?"""
    if alignment in US_SIDE:
        if not stance:
            return ""  # an ally whose stance is not known: unknown, not 'not aligned'
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


def basis(record: str, rule: str, uncertain: str) -> str:
    """Where the class on the map comes from (a key of geo.vocab.BASIS), '' when there is none."""
    if record:
        return "record"
    if rule:
        return "rule_uncertain" if uncertain else "rule"
    return ""


def join_countries(world: gpd.GeoDataFrame, records: pd.DataFrame, votes: pd.DataFrame,
                   visited: dict[str, str] | None = None, facts: pd.DataFrame | None = None,
                   population: pd.Series | None = None, day: str = LATEST) -> gpd.GeoDataFrame:
    """World features with each country's layers as they stood on DAY, and why.

    visited maps ISO3 codes to a VISITED value (geo.travels.routes.visited_by); facts are the rows of
    data/indicators.csv (all of them: the day is applied here); population maps ISO3 to people.
    """
    latest = latest_records(records)
    joined = world.copy()
    for resolution, vocabulary in VOTE_LAYERS.items():
        cast = votes[votes["resolution"] == resolution].set_index("iso3")["vote"]
        joined[vocabulary.column] = joined["iso3"].map(cast).fillna("")
    held = [{code: row[vocabulary.column] for code, vocabulary in VOTE_LAYERS.items()}
            for row in joined[[v.column for v in VOTE_LAYERS.values()]].to_dict("records")]
    joined[MOVEMENT.column] = [movement(votes) if iso3 != MOVEMENT.subject_iso3 else ""
                               for iso3, votes in zip(joined["iso3"], held)]
    joined["vote_sequence"] = [sequence(votes) for votes in held]
    classes = indicator_classes(NO_FACTS if facts is None else facts, day)
    for column in classes.columns:
        mapped = joined["iso3"].map(classes[column])
        joined[column] = mapped.eq(True) if column.endswith("_inferred") else mapped.fillna("")
    joined[VISITED.column] = visited_column(joined["iso3"], visited)
    derived = classify(joined)
    for axis in AXES:
        column = axis.column
        record = joined["iso3"].map(latest[column]).fillna("") if column in latest else ""
        joined[f"{column}_record"] = record
        for suffix in ("rule", "why", "uncertain"):
            joined[f"{column}_{suffix}"] = derived[f"{column}_{suffix}"]
        joined[column] = joined[f"{column}_record"].where(joined[f"{column}_record"] != "",
                                                          joined[f"{column}_rule"])
        joined[f"{column}_basis"] = [basis(r, d, u) for r, d, u in zip(
            joined[f"{column}_record"], joined[f"{column}_rule"], joined[f"{column}_uncertain"])]
    joined[ENGAGEMENT.column] = [engagement(a, s) for a, s in
                                 zip(joined[US_ALIGNMENT.column], joined[RUSSIA_STANCE.column])]
    joined["population"] = (joined["iso3"].map(population).fillna(0).astype("int64")
                            if population is not None else 0)
    joined["has_record"] = joined["iso3"].isin(latest.index) & joined["iso3"].ne("")
    return joined
