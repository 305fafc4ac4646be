"""The overview map widget and its sidebar, shared by every page that shows the choropleths."""
from __future__ import annotations

import html

import streamlit as st
from streamlit_folium import st_folium

from geo.vocab import NO_DATA_COLOUR, NO_DATA_LABEL, SUBJECT_COLOUR
from geo.layers import CHOROPLETH_BY_KEY, CHOROPLETHS, build_overview_map
from ui.data import Atlas, asset_base

MAP_HEIGHT = 560


def choose_layer() -> str:
    """Sidebar choice of the choropleth the map opens with; the map's own control switches too."""
    keys = [c.key for c in CHOROPLETHS]
    return st.sidebar.radio("Colour countries by", keys, key="layer",
                            format_func=lambda k: CHOROPLETH_BY_KEY[k].name,
                            help="The same layers are in the map's layer control (top right); "
                                 "switching there is instant and keeps your view.")


def sidebar_legend(atlas: Atlas, key: str) -> None:
    """The active layer's categories with how many countries fall in each."""
    vocabulary = CHOROPLETH_BY_KEY[key].vocabulary
    counted = atlas.countries[atlas.countries["un_member"]]
    counts = counted[vocabulary.column].value_counts()
    rows = [(c.colour, c.label, int(counts.get(c.value, 0))) for c in vocabulary.categories]
    missing = counted[vocabulary.column].eq("")
    if vocabulary.subject_iso3:
        is_subject = counted["iso3"].eq(vocabulary.subject_iso3)
        rows.append((SUBJECT_COLOUR, vocabulary.subject_label, int(is_subject.sum())))
        missing &= ~is_subject
    rows.append((NO_DATA_COLOUR, NO_DATA_LABEL, int(missing.sum())))
    # Labels and colours come from geo.vocab, never from uploaded data, so this HTML is ours.
    items = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;background:{colour};'
        f'border:1px solid #777;margin-right:6px"></span>{html.escape(label)}: {count}</div>'
        for colour, label, count in rows)
    st.sidebar.markdown(f"<small><b>{html.escape(vocabulary.title)}</b>, UN member states"
                        f"{items}</small>", unsafe_allow_html=True)


def overview_map(atlas: Atlas, layer_key: str, key: str = "overview") -> dict:
    """Draw the map; only a click on a country comes back to Python (panning never reruns)."""
    atlas_map = build_overview_map(atlas.map_data, layer_key, asset_base())
    return st_folium(atlas_map, key=f"{key}-{layer_key}", height=MAP_HEIGHT,
                     use_container_width=True, returned_objects=["last_active_drawing"])
