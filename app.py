"""Isolation Atlas overview: the world coloured by alignment, stance and UN votes.

Run with `make run`. Each page (this one and pages/*.py) is a thin script: it reads widgets, asks
geo/ (through ui/) for data and maps, and shows them.
"""
import streamlit as st

from geo.layers import CHOROPLETH_BY_KEY
from ui import nav, share
from ui.data import load_atlas
from ui.details import selected_iso3, show_country
from ui.map_view import choose_layer, overview_map, sidebar_legend

nav.page("Overview")
atlas = load_atlas()
share.restore({"layer": set(CHOROPLETH_BY_KEY), "country": set(atlas.countries["iso3"]) - {""}})
layer = choose_layer()
sidebar_legend(atlas, layer)

st.title("Is Russia isolated?")
st.caption("In July 2022 Washington called Russia isolated over Ukraine while US allies and "
           "partners kept receiving Moscow's envoys. Pick a layer; click a country for its "
           "evidence and source.")
map_column, detail_column = st.columns([3, 1])
with map_column:
    clicked = overview_map(atlas, layer)
with detail_column:
    country = selected_iso3(clicked, "country")
    show_country(atlas, country)
with st.sidebar:
    share.link_box(share.publish({"layer": layer, "country": country}))
