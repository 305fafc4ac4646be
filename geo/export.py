"""Writing the atlas's data for people to download: the upload template, CSV and GeoJSON.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with an apostrophe; geo.records strips that apostrophe again when such a
file is uploaded back, so a round trip loses nothing.
"""
from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pandas as pd

from geo.changes import stored_form
from geo.join import AXES, LAYER_COLUMNS, latest_records
from geo.sources import ARTICLE
from geo.vocab import (BASIS, ENGAGEMENT, INDICATORS, RECORD_FIELDS, RUSSIA_STANCE, US_ALIGNMENT,
                       VISITED, VOTE_LAYERS)

LAYER_VOCABULARIES = (US_ALIGNMENT, RUSSIA_STANCE, ENGAGEMENT, *INDICATORS, *VOTE_LAYERS.values(),
                      VISITED)
# Per axis: whether the class comes from a record or the rule, and the rule's reasons.
WHY_COLUMNS = tuple(f"{axis.column}_{suffix}" for axis in AXES for suffix in ("basis", "why", "uncertain"))

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RECORD_FIELDS_IN_GEOJSON = ("country", "blocs", "evidence", "source", "as_of", "confidence", "note")


def neutralise(cell: object) -> str:
    """A cell as text a spreadsheet shows and never evaluates."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    # UTF-8 with a byte-order mark: what Excel calls 'CSV UTF-8', so Türkiye stays Türkiye.
    return buffer.getvalue().encode("utf-8-sig")


def table_csv(frame: pd.DataFrame) -> bytes:
    """Any table as a formula-safe CSV (its header included)."""
    rows = [[neutralise(c) for c in frame.columns]]
    rows += [[neutralise(cell) for cell in row] for row in frame.itertuples(index=False)]
    return _csv_bytes(rows)


def records_csv(records: pd.DataFrame) -> bytes:
    """The records in the template's columns, formula-safe."""
    return table_csv(stored_form(records))


def allowed_values_note() -> str:
    """Every closed vocabulary in one sentence, for the template's example row."""
    parts = [f"{f.name}: {', '.join(f.allowed)}" for f in RECORD_FIELDS if f.allowed]
    return "Example row: replace it with your records. Allowed values - " + "; ".join(parts) + "."


def template_csv() -> bytes:
    """Header and one example row; its note lists the allowed values. It passes validation."""
    example = [f.example for f in RECORD_FIELDS]
    example[[f.name for f in RECORD_FIELDS].index("note")] = allowed_values_note()
    return _csv_bytes([[f.name for f in RECORD_FIELDS], [neutralise(c) for c in example]])


def countries_geojson(countries: gpd.GeoDataFrame, records: pd.DataFrame,
                      metadata: dict | None = None) -> str:
    """Every country's shape with its layers and its latest record, as GeoJSON (RFC 7946).

    metadata (dataset version, sources) goes in a top-level foreign member, which RFC 7946 allows
    and GIS tools ignore."""
    latest = latest_records(stored_form(records))
    keep = ["iso3", "name", "un_member", "population", *LAYER_COLUMNS, *WHY_COLUMNS]
    frame = countries[[c for c in keep if c in countries] + ["geometry"]].copy()
    for column in RECORD_FIELDS_IN_GEOJSON:
        values = frame["iso3"].map(latest[column]) if column in latest else None
        frame[f"record_{column}" if column == "country" else column] = (
            values.fillna("") if values is not None else "")
    frame = frame.to_crs(4326) if frame.crs is not None else frame
    data = json.loads(frame.to_json(drop_id=True, na="null"))
    if metadata:
        data["metadata"] = metadata
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


GEOMETRY_CREDIT = ("Country shapes: Natural Earth 1:50m admin-0 (public domain) via world-atlas 2.0.2, "
                   "simplified with shared borders kept together")
ARTICLE_CREDIT = f"Source article: {ARTICLE}"
TRIPS_CREDIT = "Trips: Lavrov's and Putin's 2022 stops, each with its own source and confidence"
INDICATOR_CREDIT = ("Sanctions on Russia, Russia's 'unfriendly countries' list and US alliances: one "
                    "sourced fact per country and layer (the details and the Sources page name each source)")
POPULATION_CREDIT = "Population: World Bank, World Development Indicators, SP.POP.TOTL (2022)"
RULE_CREDIT = ("Alignment and relation to Russia: " + BASIS["record"] + " where one exists, otherwise "
               + BASIS["rule"] + " (the Sources page states it)")


def dataset_credits(votes: pd.DataFrame, version: int) -> list[str]:
    """What every export says about where its data comes from and which version it is."""
    vote_sources = [f"{resolution}: {' ; '.join(dict.fromkeys(cast['source']))}"
                    for resolution, cast in votes.groupby("resolution", sort=True)]
    return [f"Isolation Atlas, dataset version {version}", ARTICLE_CREDIT,
            "Country records: each row's evidence, source, date and confidence are in the data",
            RULE_CREDIT, INDICATOR_CREDIT, *vote_sources, TRIPS_CREDIT, POPULATION_CREDIT,
            GEOMETRY_CREDIT]


def countries_csv(countries: pd.DataFrame, records: pd.DataFrame, version: int) -> bytes:
    """One row per country: every layer's category by label, the latest record's evidence and
    source, and the dataset version, formula-safe."""
    latest = latest_records(stored_form(records))
    table = pd.DataFrame({"country": countries["name"], "iso3": countries["iso3"],
                          "un_member": countries["un_member"]})
    table["population_2022"] = countries["population"]
    for vocabulary in LAYER_VOCABULARIES:
        table[vocabulary.column] = vocabulary.labels(countries[vocabulary.column], countries["iso3"],
                                                     missing="")
    for axis in AXES:
        table[f"{axis.column}_basis"] = countries[f"{axis.column}_basis"].map(BASIS).fillna("")
        table[f"{axis.column}_by_rule"] = axis.labels(countries[f"{axis.column}_rule"],
                                                      countries["iso3"], missing="")
        table[f"{axis.column}_why"] = countries[f"{axis.column}_why"]
    for column in ("blocs", "evidence", "source", "as_of", "confidence", "note"):
        table[column] = countries["iso3"].map(latest[column]).fillna("") if column in latest else ""
    table["dataset_version"] = version
    return table_csv(table.sort_values("country"))


def country_records_csv(records: pd.DataFrame, iso3: str, version: int) -> bytes:
    """Every record of one country (all dates, oldest first), with the dataset version."""
    rows = stored_form(records[records["iso3"] == iso3]).sort_values("as_of")
    return table_csv(rows.assign(dataset_version=version))


RECORD_FACTS = (("blocs", "Blocs"), ("evidence", "Evidence"), ("note", "Note"), ("source", "Source"),
                ("as_of", "As of"), ("confidence", "Confidence"))


def country_details(countries: pd.DataFrame, records: pd.DataFrame) -> dict[str, dict]:
    """ISO3 -> what a click on an exported map shows: the country on every layer, then its
    latest record (evidence, source, date). Values are text for textContent, never markup."""
    latest = latest_records(stored_form(records))
    coded = countries[countries["iso3"] != ""]
    labels = {v.title: v.labels(coded[v.column], coded["iso3"]) for v in LAYER_VOCABULARIES}
    details = {}
    for i, (iso3, name) in enumerate(zip(coded["iso3"], coded["name"])):
        record = latest.loc[iso3] if iso3 in latest.index else None
        facts = [[title, values[i]] for title, values in labels.items()]
        if record is not None:
            facts += [[label, str(record[column])] for column, label in RECORD_FACTS if record.get(column)]
        details[iso3] = {"title": str(record["country"]) if record is not None else name, "facts": facts}
    return details
