"""The naive baseline the atlas is measured against: what a first folium + st_folium app does.

Natural Earth 1:110m countries with all their columns at full precision, read on every run, one
folium.GeoJson (geometry and all) per layer, with a tooltip. Only one thing differs from a stock
app: Leaflet comes from the local static folder, because folium's CDN links cannot load here and
the map would never draw. `?layers=N` sets the number of layers (1-11, as many as the atlas has).
"""
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

FIELDS = ["CONTINENT", "SUBREGION", "REGION_UN", "REGION_WB", "ECONOMY", "INCOME_GRP", "TYPE", "SOVEREIGNT",
          "MAPCOLOR7", "MAPCOLOR8", "MAPCOLOR9"]
PALETTE = ["#0072B2", "#56B4E9", "#F0E442", "#D55E00", "#E69F00", "#009E73", "#CC79A7", "#999999"]

folium.Map.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
folium.Map.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]

layers = max(1, min(len(FIELDS), int(st.query_params.get("layers", "1"))))
choice = st.sidebar.selectbox("Layer shown first", FIELDS[:layers])
world = gpd.read_file(Path(__file__).parent / ".cache" / "ne_110m_admin_0_countries.shp")

atlas = folium.Map(location=(20, 0), zoom_start=2, tiles=None)
for field in FIELDS[:layers]:
    values = sorted(world[field].astype(str).unique())
    colours = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(values)}
    folium.GeoJson(
        world, name=field, show=field == choice,
        style_function=lambda f, field=field, colours=colours: {
            "fillColor": colours[str(f["properties"][field])], "color": "#666", "weight": 0.5,
            "fillOpacity": 0.8},
        tooltip=folium.GeoJsonTooltip(["NAME", field]),
    ).add_to(atlas)
folium.LayerControl().add_to(atlas)
st_folium(atlas, height=560, use_container_width=True)
