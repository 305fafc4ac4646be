"""Isolation Atlas overview: the world coloured by alignment, stance and UN votes.

Run with `make run`. Each page (this one and pages/*.py) is a thin script: it reads widgets, asks
geo/ (through ui/) for data and maps, and shows them.
"""
import streamlit as st

from geo.maps.embed import EmbedView
from geo.rule.timeline import LATEST
from ui import nav, share
from ui.data import day_labels, get_store, load_atlas, snapshot_days
from ui.details import details_link, show_country
from ui.compare_chart import compare_chart
from ui.embeds import view_embed
from ui.exports import export_buttons
from ui.map_view import (choose_day, choose_layer, current_day, current_layer, map_table, overview_map,
                         layer_by_key, phone_layout, show_findings, sidebar_legend, table_switch,
                         time_switch)
from ui.search import find_country

nav.page("Overview")
days = snapshot_days()
codes = set(load_atlas().countries["iso3"]) - {""}
share.restore({"layer": set(layer_by_key()), "country": codes, "day": {*days, LATEST}})
# The map goes out first: the sidebar and the findings are filled in after it (same layout).
layer = current_layer()
day = current_day(days)
country = st.session_state.get("country") if st.session_state.get("country") in codes else None
atlas = load_atlas(day)

st.title("Is Russia isolated?")
intro = st.container(key="intro")  # under the map on a phone
map_column, detail_column = st.columns([3, 1])
with map_column:
    overview_map(atlas, layer, country)
    details_link(atlas, country)  # on a phone the details are far below
    slider = st.container()  # above the buttons that open it and the table
    with st.container(horizontal=True):
        show_slider, show_table = time_switch(day), table_switch()
    if show_slider:
        with slider:
            choose_day(days, day_labels())
    if show_table:
        map_table(atlas, layer)
    compare_chart(atlas, layer)  # a numeric dataset set beside the votes (nothing for other layers)
choose_layer()
sidebar_legend(atlas, layer)
with intro:
    st.caption("In July 2022 Washington called Russia isolated over Ukraine while US allies and "
               "partners kept receiving Moscow's envoys. Pick a layer; click a country for its "
               "evidence and source." + ("" if day == LATEST else f" Showing the data as of {day}."))
    show_findings(atlas)
with detail_column:
    find_country(atlas)
    show_country(atlas, country, day)
    # A popover mounts its buttons only when opened: nothing for the browser to load beforehand.
    with st.popover("Export", icon=":material/download:", width="stretch"):
        export_buttons(atlas, layer, country, get_store().current_version(), day)
with st.sidebar:
    link = share.publish({"layer": layer, "country": country, "day": None if day == LATEST else day})
    share.link_box(link)
    share.embed_box(*view_embed(EmbedView(layer, day, country), link))
phone_layout()
