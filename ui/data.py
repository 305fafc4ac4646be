"""The atlas's data as the pages see it, prepared once per process and shared by every session.

Records come from the store's current version. The world and the votes are loaded once per
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

from geo.io import VOTES_PATH, load_world, read_csv_path
from geo.join import LAYER_COLUMNS, join_countries
from geo.layers import features_json
from geo.store import Store, database_url, open_store
from ui.editor import announce_editor_token
from geo.routes import Stop, load_stops, visited_by
from geo.timeline import LATEST, records_as_of, snapshot_dates, votes_as_of

MAP_DATA_DIR = Path(__file__).resolve().parents[1] / "static" / "cache"


@dataclass(frozen=True)
class Atlas:
    countries: gpd.GeoDataFrame  # one row per drawn country, with alignment, stance, vote
    records: pd.DataFrame  # every country record, with evidence and source
    votes: pd.DataFrame
    map_data: str  # the GeoJSON sent to the browser, serialised once


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = open_store(url)  # seeded from data/countries.csv at first start
    announce_editor_token(store)
    return store


def get_store() -> Store:
    """The shared store of country records ($ATLAS_DATABASE_URL, else var/atlas.db)."""
    return _store(database_url())


@st.cache_resource(show_spinner="Preparing the world map…")
def _shipped_data() -> tuple[gpd.GeoDataFrame, pd.DataFrame, list[Stop]]:
    """The shipped, unchanging data: world shapes, UN votes, and Lavrov's and Putin's stops."""
    return load_world(), read_csv_path(VOTES_PATH), load_stops()


def build_atlas(records: pd.DataFrame, day: str = LATEST) -> Atlas:
    """World geometry, votes and visits joined with these records (the store's, or a preview),
    as they stood on DAY: later records, votes and visits are left out."""
    world, votes, stops = _shipped_data()
    records, votes = records_as_of(records, day), votes_as_of(votes, day)
    if day != LATEST:
        stops = [s for s in stops if s.date_start.isoformat() <= day]
    countries = join_countries(world, records, votes, visited_by(stops))
    return Atlas(countries, records, votes, features_json(countries, LAYER_COLUMNS))


@st.cache_resource(show_spinner="Preparing the world map…", max_entries=16)
def _atlas_at(url: str, version: int, day: str) -> Atlas:
    return build_atlas(_store(url).records(version), day)


def load_atlas(day: str = LATEST) -> Atlas:
    """The current version's records joined to the world (as of DAY), prepared once per version."""
    store = get_store()
    return _atlas_at(store.url, store.current_version(), day)


def snapshot_days() -> list[str]:
    """The days the time slider can show: whenever a record, a vote or a visit changed the map."""
    world, votes, stops = _shipped_data()
    records = load_atlas().records
    return snapshot_dates(records, votes, (s.date_start.isoformat() for s in stops))


def static_url(path: str) -> str:
    """URL of a file under static/, as the map iframe must ask for it."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (prefix, "app/static", path) if p)


def asset_base() -> str:
    """URL of the vendored browser assets."""
    return static_url("vendor")


def map_data_url(map_data: str) -> str:
    """MAP_DATA as a file under static/cache/, named by its content, and its URL.

    Served as a file, the map's 360 KB of shapes are compressed by the front (nginx) and cached by
    browsers for good (a new content is a new name), instead of travelling inside the page's
    websocket message. Every server process writes the same name for the same content.
    """
    name = hashlib.sha256(map_data.encode()).hexdigest()[:32] + ".json"
    path = MAP_DATA_DIR / name
    if not path.exists():
        MAP_DATA_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        partial.write_text(map_data, encoding="utf-8")
        partial.replace(path)
    return static_url(f"cache/{name}")
