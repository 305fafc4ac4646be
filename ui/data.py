"""The atlas's data as the pages see it, prepared once per process and shared by every session.

Records and saved datasets come from the store's current version. The world and the votes are loaded once per
process; the joined atlas is cached per (store, version), so an upload applied by another session
or another server shows up at the next rerun, and reruns in between cost one small query.
"""
from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.maps.dataset_layers import DatasetLayer, all_layers, layer_column
from geo.intake.datasets import shipped_datasets
from geo.rule.indicators import fact_days, fact_events
from geo.intake.io import (INDICATORS_PATH, POPULATION_PATH, VOTE_TOTALS_PATH, VOTES_PATH, load_world,
                    read_csv_path)
from geo.maps.join import join_countries
from geo.maps.layers import (CHOROPLETHS, Choropleth, dataset_choropleth, layer_values, shapes_json,
                        shapes_script)
from geo.rule.classify import HOSTED
from geo.travels.routes import Stop, load_stops, visited_by
from geo.rule.summary import Finding, summarise
from geo.storage.dataset_store import SavedDataset
from geo.storage.store import Store, database_url, open_store
from geo.rule.timeline import LATEST, describe_days, records_as_of, snapshot_dates, votes_as_of
from ui.editor import announce_editor_token

MAP_DATA_DIR = Path(__file__).resolve().parents[1] / "static" / "cache"


@dataclass(frozen=True)
class Atlas:
    countries: gpd.GeoDataFrame  # one row per drawn country, with alignment, stance, vote
    records: pd.DataFrame  # every country record, with evidence and source
    votes: pd.DataFrame  # the UN votes cast by the day shown
    facts: pd.DataFrame  # sourced indicator facts (sanctions, Russia's list, alliances), all dates
    stops: list[Stop]  # Lavrov's and Putin's stops up to the day shown
    map_values: dict  # each layer's values, as the map colours them (geo.maps.layers.layer_values)
    findings: list[Finding]  # the sentences above the map (geo.rule.summary), computed with the rest
    datasets: tuple[DatasetLayer, ...] = ()  # the dataset layers, whose classes are in countries


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = open_store(url)  # seeded from data/countries.csv at first start
    announce_editor_token(store)
    return store


def get_store() -> Store:
    """The shared store of country records ($ATLAS_DATABASE_URL, else var/atlas.db)."""
    return _store(database_url())


@dataclass(frozen=True)
class ShippedData:
    """The data that ships with the atlas and never changes while it runs."""

    world: gpd.GeoDataFrame
    votes: pd.DataFrame
    vote_totals: pd.DataFrame  # official totals of every resolution, indexed by its code
    stops: list[Stop]
    facts: pd.DataFrame
    population: pd.Series
    datasets: tuple[DatasetLayer, ...]  # every shipped dataset's layers (data/datasets/)


@st.cache_resource(show_spinner="Preparing the world map…")
def shipped_data() -> ShippedData:
    """World shapes, UN votes, Lavrov's and Putin's stops, indicator facts and population."""
    population = read_csv_path(POPULATION_PATH)
    return ShippedData(load_world(), read_csv_path(VOTES_PATH),
                       read_csv_path(VOTE_TOTALS_PATH).set_index("resolution"), load_stops(),
                       read_csv_path(INDICATORS_PATH),
                       population.set_index("iso3")["population"].astype("int64"),
                       tuple(layer for dataset in shipped_datasets() for layer in all_layers(dataset)))


@st.cache_resource(show_spinner=False, max_entries=16)
def _dataset_layers(url: str, version: int) -> tuple[tuple[DatasetLayer, ...], tuple[Choropleth, ...]]:
    """The shipped datasets' layers, then those of the datasets saved in the store as of VERSION
    (classed as their saver chose), with their choropleths: once per version, on every server."""
    shipped = shipped_data().datasets
    taken = {layer.dataset.key for layer in shipped if layer.dataset is not None}
    saved = tuple(layer for held in _store(url).datasets.at(version) if held.dataset.key not in taken
                  for layer in _saved_layers(held.digest, held))
    layers = (*shipped, *saved)
    return layers, tuple(dataset_choropleth(layer) for layer in layers)


@st.cache_resource(show_spinner=False, max_entries=64)
def _saved_layers(digest: str, _held: SavedDataset) -> tuple[DatasetLayer, ...]:
    """A saved dataset's layers, once per content (DIGEST: its data and classes) on each server,
    not at every version: applying records or saving another dataset does not class it again
    (a World Bank file's 64 years take about 3.6 s of natural breaks)."""
    return tuple(all_layers(_held.dataset, _held.classing))


def dataset_layers() -> tuple[DatasetLayer, ...]:
    """Every dataset layer of the current version: the shipped examples and the saved datasets."""
    store = get_store()
    return _dataset_layers(store.url, store.current_version())[0]


def map_layers() -> tuple[Choropleth, ...]:
    """Every layer the overview map offers: the atlas's own, then the datasets' (shipped, then
    saved in the store's current version)."""
    store = get_store()
    return (*CHOROPLETHS, *_dataset_layers(store.url, store.current_version())[1])


def build_atlas(records: pd.DataFrame, day: str = LATEST,
                datasets: tuple[DatasetLayer, ...] | None = None) -> Atlas:
    """World geometry, votes, indicators and visits joined with these records (the store's, or a
    preview), as they stood on DAY: later records, votes, facts and visits are left out. DATASETS
    are the dataset layers to join (those of the current version by default)."""
    shipped = shipped_data()
    datasets = dataset_layers() if datasets is None else datasets
    records, votes = records_as_of(records, day), votes_as_of(shipped.votes, day)
    stops = shipped.stops if day == LATEST else [s for s in shipped.stops
                                                 if s.date_start.isoformat() <= day]
    visited = visited_by(stops)
    countries = join_countries(shipped.world, records, votes, visited, shipped.facts,
                               shipped.population, day)
    hosts = [iso3 for iso3, who in visited.items() if who in HOSTED]
    for layer in datasets:
        countries[layer.vocabulary.column] = layer_column(layer, countries["iso3"])
    layers = (*CHOROPLETHS, *(dataset_choropleth(layer) for layer in datasets))
    return Atlas(countries, records, votes, shipped.facts, stops, layer_values(countries, layers),
                 summarise(countries, hosts), datasets)


@st.cache_resource(show_spinner="Preparing the world map…", max_entries=16)
def _atlas_at(url: str, version: int, day: str) -> Atlas:
    return build_atlas(_store(url).records(version), day, _dataset_layers(url, version)[0])


def load_atlas(day: str = LATEST) -> Atlas:
    """The current version's records joined to the world (as of DAY), prepared once per version."""
    store = get_store()
    return _atlas_at(store.url, store.current_version(), day)


@st.cache_resource(show_spinner=False)
def map_shapes() -> str:
    """The country shapes every map draws, serialised once per process (they never change)."""
    return shapes_json(shipped_data().world)


@st.cache_resource(show_spinner=False, max_entries=4)
def _days(url: str, version: int) -> tuple[list[str], dict[str, str]]:
    shipped = shipped_data()
    records = _atlas_at(url, version, LATEST).records
    days = snapshot_dates(records, shipped.votes, [*(s.date_start.isoformat() for s in shipped.stops),
                                                   *fact_days(shipped.facts)])
    return days, describe_days(records, shipped.votes, shipped.stops, days, fact_events(shipped.facts))


def snapshot_days() -> list[str]:
    """The days the time slider can show: whenever a record, a vote, a fact or a visit changed the map."""
    store = get_store()
    return _days(store.url, store.current_version())[0]


def day_labels() -> dict[str, str]:
    """Each day of the time slider named for what changed on it ('12 Oct: ES-11/4 vote')."""
    store = get_store()
    return _days(store.url, store.current_version())[1]


def static_url(path: str) -> str:
    """URL of a file under static/, as the map iframe must ask for it."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (prefix, "app/static", path) if p)


def asset_base() -> str:
    """URL of static/ (Leaflet, the atlas's map modules), as the map iframe must ask for it."""
    return static_url("")


@st.cache_resource(show_spinner=False)
def shapes_script_url() -> str:
    """The country shapes as a script under static/cache/, named by its content, and its URL.

    Served as a file, the map's 360 KB of shapes are compressed by the front (nginx) and cached by
    browsers for good (a new content is a new name), instead of travelling inside the page's
    websocket message with every first view. Every server process writes the same name for the
    same content; a file is written whole or not at all.
    """
    script = shapes_script(map_shapes())
    name = "shapes-" + hashlib.sha256(script.encode()).hexdigest()[:32] + ".js"
    path = MAP_DATA_DIR / name
    if not path.exists():
        MAP_DATA_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(script, encoding="utf-8")
        partial.replace(path)
    return static_url(f"cache/{name}")
