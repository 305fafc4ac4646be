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
from ui.map_view import (choose_day, choose_layer, current_day, current_layer, map_table, overview_key,
                         overview_map, show_findings, sidebar_legend, table_switch)

nav.page("Overview")
days = snapshot_days()
codes = set(load_atlas().countries["iso3"]) - {""}
share.restore({"layer": set(CHOROPLETH_BY_KEY), "country": codes, "day": {*days, LATEST}})
# The map goes out first: the sidebar and the findings are filled in after it (same layout).
layer = current_layer()
day = current_day(days)
atlas = load_atlas(day)

st.title("Is Russia isolated?")
st.caption("In July 2022 Washington called Russia isolated over Ukraine while US allies and "
           "partners kept receiving Moscow's envoys. Pick a layer; click a country for its "
           "evidence and source." + ("" if day == LATEST else f" Showing the data as of {day}."))
findings = st.container()
map_column, detail_column = st.columns([3, 1])
with map_column:
    clicked = overview_map(atlas, layer, key=overview_key(day))
    with st.container(horizontal=True):
        # In a popover: the slider's scripts load when it is opened, not before the map draws.
        with st.popover(f"Data as of: {'latest' if day == LATEST else day}",
                        icon=":material/calendar_month:"):
            choose_day(days)
        table_requested = table_switch()
    # The table is drawn on request: Streamlit's data grid is heavy and would delay the map.
    if table_requested:
        map_table(atlas, layer)
choose_layer()
sidebar_legend(atlas, layer)
with findings:
    show_findings(atlas)
with detail_column:
    country = selected_iso3(clicked, "country")
    with st.popover("Find a country", icon=":material/search:", width="stretch"):
        pick_country(atlas, "country")
    show_country(atlas, country)
    # A popover mounts its buttons only when opened: nothing for the browser to load beforehand.
    with st.popover("Export", icon=":material/download:", width="stretch"):
        export_buttons(atlas, layer, country, get_store().current_version(), day)
with st.sidebar:
    share.link_box(share.publish({"layer": layer, "country": country,
                                  "day": None if day == LATEST else day}))
