"""Writing the atlas's data for people to download: the upload template, CSV and GeoJSON.

CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) are prefixed with an apostrophe; geo.intake.records strips that apostrophe again when such a
file is uploaded back, so a round trip loses nothing.
"""
from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import pandas as pd

from geo.storage.changes import stored_form
from geo.maps.dataset_layers import NOT_COVERED_LABEL, DatasetLayer
from geo.maps.join import AXES, LAYER_COLUMNS, latest_records
from geo.intake.sources import ARTICLE
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
                      metadata: dict | None = None, datasets: tuple[DatasetLayer, ...] = ()) -> str:
    """Every country's shape with its layers, its latest record and its value in each dataset
    layer (null where none), as GeoJSON (RFC 7946).

    metadata (dataset version, sources) goes in a top-level foreign member, which RFC 7946 allows
    and GIS tools ignore."""
    latest = latest_records(stored_form(records))
    keep = ["iso3", "name", "un_member", "population", *LAYER_COLUMNS, *WHY_COLUMNS]
    frame = countries[[c for c in keep if c in countries] + ["geometry"]].copy()
    for column in RECORD_FIELDS_IN_GEOJSON:
        values = frame["iso3"].map(latest[column]) if column in latest else None
        frame[f"record_{column}" if column == "country" else column] = (
            values.fillna("") if values is not None else "")
    for column, values in dataset_values(frame["iso3"], datasets).items():
        frame[column] = values
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


def dataset_credits(votes: pd.DataFrame, version: int,
                    datasets: tuple[DatasetLayer, ...] = ()) -> list[str]:
    """What every export says about where its data comes from and which version it is: the
    atlas's own sources, then each dataset's title, unit, years, source, coverage and caveats."""
    vote_sources = [f"{resolution}: {' ; '.join(dict.fromkeys(cast['source']))}"
                    for resolution, cast in votes.groupby("resolution", sort=True)]
    return [f"Isolation Atlas, dataset version {version}", ARTICLE_CREDIT,
            "Country records: each row's evidence, source, date and confidence are in the data",
            RULE_CREDIT, INDICATOR_CREDIT, *vote_sources, TRIPS_CREDIT, POPULATION_CREDIT,
            GEOMETRY_CREDIT, *_dataset_credits(datasets)]


def _dataset_credits(datasets: tuple[DatasetLayer, ...]) -> list[str]:
    lines = {}
    for layer in datasets:
        dataset = layer.dataset
        if dataset is None or dataset.key in lines:
            continue
        columns = [_value_column(other) for other in datasets if other.dataset is dataset]
        unverified = sorted(set(dataset.table.loc[dataset.table["unverified"], "iso3"]))
        parts = [f"Dataset: {dataset.title}", f"unit: {dataset.unit}" if dataset.unit else "",
                 f"years: {', '.join(dataset.periods)}" if any(dataset.periods) else "",
                 f"source: {dataset.source}", f"coverage: {dataset.coverage}" if dataset.coverage else "",
                 dataset.about, f"unverified values (not classed): {', '.join(unverified)}" if unverified else "",
                 f"columns: {', '.join(columns)}"]
        lines[dataset.key] = "; ".join(p for p in parts if p)
    return list(lines.values())


def _value_column(layer: DatasetLayer) -> str:
    """A dataset layer's column in the CSV and GeoJSON exports: its key, with its unit."""
    dataset = layer.dataset
    unit = (dataset.column(layer.column).unit or dataset.unit) if dataset is not None else ""
    return f"{layer.key} ({unit})" if unit and dataset.column(layer.column).kind == "numeric" else layer.key


def dataset_values(iso3: pd.Series, datasets: tuple[DatasetLayer, ...]) -> dict[str, pd.Series]:
    """Export column -> each country's value in every dataset layer (a number, or a category);
    missing where the dataset has no value or no row for the country (see the credits)."""
    columns = {}
    for layer in datasets:
        if layer.dataset is None:
            continue
        rows = layer.dataset.values(layer.column, layer.period)
        columns[_value_column(layer)] = iso3.map(dict(zip(rows["iso3"], rows["value"])))
    return columns


def countries_csv(countries: pd.DataFrame, records: pd.DataFrame, version: int,
                  datasets: tuple[DatasetLayer, ...] = ()) -> bytes:
    """One row per country: every layer's category by label, the latest record's evidence and
    source, each dataset layer's value (empty where none), and the dataset version, formula-safe."""
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
    for column, values in dataset_values(countries["iso3"], datasets).items():
        table[column] = values.map(lambda v: "" if v is None or v != v else f"{v:g}" if isinstance(v, float) else v)
    table["dataset_version"] = version
    return table_csv(table.sort_values("country"))


def country_records_csv(records: pd.DataFrame, iso3: str, version: int) -> bytes:
    """Every record of one country (all dates, oldest first), with the dataset version."""
    rows = stored_form(records[records["iso3"] == iso3]).sort_values("as_of")
    return table_csv(rows.assign(dataset_version=version))


RECORD_FACTS = (("blocs", "Blocs"), ("evidence", "Evidence"), ("note", "Note"), ("source", "Source"),
                ("as_of", "As of"), ("confidence", "Confidence"))


def country_details(countries: pd.DataFrame, records: pd.DataFrame,
                    datasets: tuple[DatasetLayer, ...] = ()) -> dict[str, dict]:
    """ISO3 -> what a click on an exported map shows: the country on every layer and its value
    in every dataset layer that covers it, then its latest record (evidence, source, date).
    Values are text for textContent, never markup."""
    latest = latest_records(stored_form(records))
    coded = countries[countries["iso3"] != ""]
    labels = {v.title: v.labels(coded[v.column], coded["iso3"]) for v in LAYER_VOCABULARIES}
    labels.update({layer.vocabulary.title: coded["iso3"].map(layer.hover).fillna(NOT_COVERED_LABEL).tolist()
                   for layer in datasets})
    details = {}
    for i, (iso3, name) in enumerate(zip(coded["iso3"], coded["name"])):
        record = latest.loc[iso3] if iso3 in latest.index else None
        facts = [[title, values[i]] for title, values in labels.items()]
        if record is not None:
            facts += [[label, str(record[column])] for column, label in RECORD_FACTS if record.get(column)]
        details[iso3] = {"title": str(record["country"]) if record is not None else name, "facts": facts}
    return details
