"""Downloads of what the overview shows: the map as one offline HTML file, the data, one country.

Files are generated only when their button is clicked (callables), and every file names its
sources and the dataset version.
"""
from __future__ import annotations

import streamlit as st

from geo.maps.export import (countries_csv, countries_geojson, country_details, country_records_csv,
                        dataset_credits)
from geo.maps.layers import build_overview_map, overview_state, overview_view
from geo.maps.standalone import standalone_html
from geo.rule.timeline import LATEST
from ui.data import Atlas, asset_base, map_layers, map_shapes


def export_buttons(atlas: Atlas, layer: str, country: str | None, version: int, day: str) -> None:
    credits = dataset_credits(atlas.votes, version, atlas.datasets)
    if day != LATEST:
        credits.insert(1, f"Data as of {day}")
    stem = f"isolation-atlas-v{version}" + ("" if day == LATEST else f"-{day}")
    title = f"Isolation Atlas: {next(c.name for c in map_layers() if c.key == layer)}" + ("" if day == LATEST else f", as of {day}")

    def map_html() -> str:
        exported = build_overview_map(map_shapes(), asset_base(), map_layers(),
                                      details=country_details(atlas.countries, atlas.records, atlas.datasets))
        overview_view(overview_state(atlas.map_values, layer, country)).add_to(exported)
        return standalone_html(exported, title, credits)

    def geojson() -> str:
        return countries_geojson(atlas.countries, atlas.records,
                                 {"dataset_version": version, "as_of": day, "sources": credits}, atlas.datasets)

    st.download_button("Map as HTML (works offline)", map_html, f"{stem}-map.html", "text/html",
                       key="export_map", on_click="ignore")
    st.download_button("Data as CSV", lambda: countries_csv(atlas.countries, atlas.records, version, atlas.datasets),
                       f"{stem}-countries.csv", "text/csv", key="export_csv", on_click="ignore")
    st.download_button("Data as GeoJSON", geojson, f"{stem}-countries.geojson",
                       "application/geo+json", key="export_geojson", on_click="ignore")
    if country and (atlas.records["iso3"] == country).any():
        st.download_button(f"Records of {country} (CSV)",
                           lambda: country_records_csv(atlas.records, country, version),
                           f"{stem}-{country}.csv", "text/csv", key="export_country",
                           on_click="ignore")
    picture_buttons(layer, day, stem)
    st.caption("Every file lists its sources and dataset version " + f"({version}).")


def picture_buttons(layer: str, day: str, stem: str) -> None:
    """The view as a picture (geo/maps/picture.py), made once per data version beside its embed."""
    from geo.maps.embed import EmbedView
    from ui.embeds import picture_bytes
    view = EmbedView(layer, day)
    for kind, label, suffix, mime in (("social", "Picture for social posts (PNG, 1200×675)", "png", "image/png"),
                                      ("print", "Picture for print (PNG, 2400 px wide)", "print.png", "image/png"),
                                      ("svg", "Picture as SVG", "svg", "image/svg+xml")):
        st.download_button(label, lambda kind=kind: picture_bytes(view, kind), f"{stem}-{layer}.{suffix}", mime,
                           key=f"export_picture_{kind}", on_click="ignore")
