"""The atlas's data as the pages see it, prepared once per process and shared by every session."""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.io import COUNTRIES_PATH, VOTES_PATH, load_world, read_csv_path
from geo.join import LAYER_COLUMNS, join_countries
from geo.layers import features_json
from geo.records import validate_records
from geo.routes import load_stops, visited_by


@dataclass(frozen=True)
class Atlas:
    countries: gpd.GeoDataFrame  # one row per drawn country, with alignment, stance, vote
    records: pd.DataFrame  # every country record, with evidence and source
    votes: pd.DataFrame
    map_data: str  # the GeoJSON sent to the browser, serialised once


@st.cache_resource(show_spinner="Preparing the world map…")
def load_atlas() -> Atlas:
    """World geometry, records and votes, validated and joined once per server process."""
    world = load_world()
    checked = validate_records(read_csv_path(COUNTRIES_PATH))
    if checked.problems:  # the shipped data must be clean; a broken edit shows up at once
        raise ValueError("data/countries.csv: " + " ".join(p.message for p in checked.problems))
    votes = read_csv_path(VOTES_PATH)
    countries = join_countries(world, checked.records, votes, visited_by(load_stops()))
    return Atlas(countries, checked.records, votes, features_json(countries, LAYER_COLUMNS))


def asset_base() -> str:
    """URL of the vendored browser assets, as the map iframe must ask for them."""
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (prefix, "app/static/vendor") if p)
