"""The overview map widget and its sidebar, shared by every page that shows the choropleths."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.vocab import NO_DATA_COLOUR, NO_DATA_LABEL, SUBJECT_COLOUR
from geo.layers import CHOROPLETH_BY_KEY, CHOROPLETHS, build_overview_map
from geo.summary import summarise
from geo.timeline import LATEST
from ui import folium_replay
from ui.data import Atlas, asset_base, map_data_url

MAP_HEIGHT = 560


def current_layer() -> str:
    """The layer the map opens with, read before the sidebar radio that sets it is drawn.

    Pages send the map before the sidebar, so the browser starts drawing it sooner. A widget with
    a key returns st.session_state[key], so this is the value choose_layer() will show.
    """
    st.session_state.setdefault("layer", CHOROPLETHS[0].key)
    return st.session_state["layer"]


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
    # Plain Markdown (labels come from geo.vocab, not from uploads): the colours are in the map's
    # own legend, and no HTML element here means one script less to fetch before the map draws.
    lines = "\n".join(f"- {label}: **{count}**" for _colour, label, count in rows)
    st.sidebar.markdown(f"**{vocabulary.title}**, UN member states:\n\n{lines}")


def overview_key(day: str) -> str:
    """The overview map's widget key for DAY (a new day mounts a new map)."""
    return f"overview-{day}"


@st.cache_resource(show_spinner=False, max_entries=32)
def _map_arguments(map_data: str, layer_key: str, asset_base: str, key: str, by_url: bool) -> dict:
    """What the map component receives, rendered once per map data, layer and key (ui.folium_replay)."""
    atlas_map = build_overview_map(map_data, layer_key, asset_base,
                                   data_url=map_data_url(map_data) if by_url else None)
    return folium_replay.record(lambda: st_folium(
        atlas_map, key=f"{key}-{layer_key}", height=MAP_HEIGHT, use_container_width=True,
        returned_objects=["last_active_drawing"]))


def prepare_map(atlas: Atlas, layer_key: str, key: str, shapes_by_url: bool = True) -> dict:
    """Render the map for these data, layer and key, or find it rendered (also used at start).

    The shapes are sent as a file of their own (ui.data.map_data_url) unless SHAPES_BY_URL is
    false: for data nobody else will see (an upload's preview), which need not be written to disk.
    """
    return _map_arguments(atlas.map_data, layer_key, asset_base(), key, shapes_by_url)


def overview_map(atlas: Atlas, layer_key: str, key: str = "overview", shapes_by_url: bool = True) -> dict:
    """Draw the map; only a click on a country comes back to Python (panning never reruns)."""
    return folium_replay.replay(prepare_map(atlas, layer_key, key, shapes_by_url))


def current_day(days: list[str]) -> str:
    """The day the map shows, read before the time slider that sets it is drawn (see current_layer)."""
    if st.session_state.get("day") not in [*days, LATEST]:
        st.session_state["day"] = LATEST
    return st.session_state["day"]


def choose_day(days: list[str]) -> str:
    """The time slider: the map as it stood on a day of 2022 (records, votes and visits up to it)."""
    current_day(days)
    return st.select_slider(
        "Data as of", [*days, LATEST], key="day",
        format_func=lambda d: "Latest" if d == LATEST else d,
        help="Step through 2022: each stop is a day on which a record, a UN vote or a visit "
             "changed the map. Later records, votes and visits are left out.")


def table_switch() -> bool:
    """A button that shows or hides the map's table (a toggle would add a script before the map)."""
    shown = st.session_state.get("map_as_table", False)

    def flip() -> None:
        st.session_state["map_as_table"] = not shown

    st.button("Hide the table" if shown else "Show this map as a table", key="map_table_switch",
              icon=":material/table:", on_click=flip)
    return shown


def map_table(atlas: Atlas, key: str) -> None:
    """The map as a table: the same categories, readable without seeing colours."""
    vocabulary = CHOROPLETH_BY_KEY[key].vocabulary
    countries = atlas.countries[atlas.countries["iso3"] != ""]
    table = pd.DataFrame({
        "Country": countries["name"],
        "ISO3": countries["iso3"],
        vocabulary.title: vocabulary.labels(countries[vocabulary.column], countries["iso3"]),
        "UN member": countries["un_member"],
    }).sort_values("Country")
    st.dataframe(table, hide_index=True, width="stretch", height=320)


def show_findings(atlas: Atlas) -> None:
    """What the data says, in sentences computed from it (geo.summary), above the map."""
    visited = atlas.countries.loc[atlas.countries["visited"].isin(["lavrov", "putin", "both"]), "iso3"]
    st.markdown("\n".join(f"- {f.text}" for f in summarise(atlas.countries, visited)))
