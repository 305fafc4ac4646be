"""'Find a country': any name or code a reader types, matched as uploads are (geo.intake.search)."""
from __future__ import annotations

import streamlit as st

from geo.maps.join import latest_records
from geo.intake.search import find_countries
from ui.data import Atlas
from ui.text import plain

POPOVER = "find_country"


def country_names(atlas: Atlas) -> dict[str, list[str]]:
    """ISO3 -> the names a reader may know it by: the record's (as the article writes it), the map's."""
    named = atlas.countries[atlas.countries["iso3"] != ""]
    names = {iso3: [name] for iso3, name in zip(named["iso3"], named["name"])}
    for iso3, record in latest_records(atlas.records).iterrows():
        if iso3 in names and record["country"] not in names[iso3]:
            names[iso3].insert(0, record["country"])
    return names


def _choose(country_key: str, iso3: str) -> None:
    st.session_state[country_key] = iso3
    st.session_state[POPOVER] = False  # the popover closes and the details show


def find_country(atlas: Atlas, country_key: str = "country") -> None:
    """A search box in a popover; each result selects its country on the map and in the details."""
    names = country_names(atlas)
    with st.popover("Find a country", icon=":material/search:", width="stretch", key=POPOVER,
                    on_change="rerun"):
        query = st.text_input("Name or code of a country", key="find_query", live=True,
                              placeholder="Türkiye, Ivory Coast, RUS…")
        found = find_countries(query or "", names)
        for iso3 in found:
            label = " · ".join(dict.fromkeys(names[iso3]))
            st.button(plain(label), key=f"find_{iso3}", on_click=_choose, args=(country_key, iso3),
                      width="stretch")
        if query and not found:
            st.caption(plain(f"No country matches '{query}'. Try another spelling or its ISO code."))
