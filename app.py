"""Isolation Atlas overview: the world coloured by alignment, stance and UN votes.

Run with `make run`. Each page (this one and pages/*.py) is a thin script: it reads widgets, asks
geo/ (through ui/) for data and maps, and shows them.
"""
import streamlit as st

from geo.layers import CHOROPLETH_BY_KEY
from geo.timeline import LATEST
from ui import nav, share
from ui.data import get_store, load_atlas, snapshot_days
from ui.details import pick_country, selected_iso3, show_country
from ui.exports import export_buttons
from ui.map_view import choose_day, choose_layer, map_table, overview_map, show_findings, sidebar_legend

nav.page("Overview")
days = snapshot_days()
codes = set(load_atlas().countries["iso3"]) - {""}
share.restore({"layer": set(CHOROPLETH_BY_KEY), "country": codes, "day": {*days, LATEST}})
layer = choose_layer()
day = choose_day(days)
atlas = load_atlas(day)
sidebar_legend(atlas, layer)

st.title("Is Russia isolated?")
st.caption("In July 2022 Washington called Russia isolated over Ukraine while US allies and "
           "partners kept receiving Moscow's envoys. Pick a layer; click a country for its "
           "evidence and source." + ("" if day == LATEST else f" Showing the data as of {day}."))
show_findings(atlas)
map_column, detail_column = st.columns([3, 1])
with map_column:
    clicked = overview_map(atlas, layer, key=f"overview-{day}")
    # The table is drawn on request: Streamlit's data grid is heavy and would delay the map.
    if st.toggle("Show this map as a table", key="map_as_table"):
        map_table(atlas, layer)
with detail_column:
    country = selected_iso3(clicked, "country")
    pick_country(atlas, "country")
    show_country(atlas, country)
    with st.expander("Export"):
        export_buttons(atlas, layer, country, get_store().current_version(), day)
with st.sidebar:
    share.link_box(share.publish({"layer": layer, "country": country,
                                  "day": None if day == LATEST else day}))
