"""The overview map widget and its sidebar, shared by every page that shows the choropleths."""
from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.join import AXES
from geo.layers import CHOROPLETH_BY_KEY, CHOROPLETHS, build_overview_map
from geo.shares import layer_shares, people, percent, shares_svg
from geo.summary import summarise
from geo.timeline import LATEST
from geo.vocab import BASIS, RESOLUTIONS
from ui.data import Atlas, asset_base, shipped_data

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
    """The active layer's categories: how many UN members, and what share of their people, in each."""
    vocabulary = CHOROPLETH_BY_KEY[key].vocabulary
    shares = layer_shares(atlas.countries, vocabulary)
    members = sum(s.members for s in shares)
    total_people = sum(s.population for s in shares)
    # Plain Markdown and an inline SVG (labels from geo.vocab, never from uploads): the colours are
    # also in the map's own legend, and no new kind of element delays the map.
    lines = "\n".join(f"- {s.label}: **{s.members}** ({percent(s.member_share)} of members, "
                      f"{percent(s.population_share)} of people)" for s in shares)
    st.sidebar.markdown(f"**{vocabulary.title}**: {members} UN member states, "
                        f"{people(total_people)} people (2022)\n\n{lines}")
    st.sidebar.markdown(shares_svg(shares), unsafe_allow_html=True)
    official = next((r for r in RESOLUTIONS if r.vocabulary is vocabulary), None)
    if official is not None:
        totals = shipped_data().vote_totals.loc[official.code]
        st.sidebar.caption(f"Official totals: {totals['yes']} in favour, {totals['no']} against, "
                           f"{totals['abstain']} abstentions, {totals['absent']} absent.")


def overview_map(atlas: Atlas, layer_key: str, key: str = "overview") -> dict:
    """Draw the map; only a click on a country comes back to Python (panning never reruns)."""
    atlas_map = build_overview_map(atlas.map_data, layer_key, asset_base())
    return st_folium(atlas_map, key=f"{key}-{layer_key}", height=MAP_HEIGHT,
                     use_container_width=True, returned_objects=["last_active_drawing"])


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
        "People (2022)": countries["population"].where(countries["un_member"]),
        "UN member": countries["un_member"],
    })
    if vocabulary in AXES:  # where the class comes from, and the rule's inputs
        table["From"] = countries[f"{vocabulary.column}_basis"].map(BASIS).fillna("")
        table["The rule's inputs"] = countries[f"{vocabulary.column}_why"]
    st.dataframe(table.sort_values("Country"), hide_index=True, width="stretch", height=320,
                 column_config={"People (2022)": st.column_config.NumberColumn(format="localized")})


def show_findings(atlas: Atlas) -> None:
    """What the data says, in sentences computed from it (geo.summary), above the map."""
    visited = atlas.countries.loc[atlas.countries["visited"].isin(["lavrov", "putin", "both"]), "iso3"]
    st.markdown("\n".join(f"- {f.text}" for f in summarise(atlas.countries, visited)))
