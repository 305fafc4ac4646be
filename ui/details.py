"""The panel that shows one country's record beside the map."""
from __future__ import annotations

import streamlit as st

from geo.join import latest_records
from geo.vocab import ENGAGEMENT, RUSSIA_STANCE, US_ALIGNMENT, VOTE_LAYERS
from ui.data import Atlas
from ui.text import plain, with_links


def selected_iso3(clicked: dict | None, key: str) -> str | None:
    """The country last clicked on the map, remembered across reruns and map re-mounts."""
    feature = (clicked or {}).get("last_active_drawing") or {}
    iso3 = (feature.get("properties") or {}).get("iso3")
    if iso3:
        st.session_state[key] = iso3
    return st.session_state.get(key)


def show_country(atlas: Atlas, iso3: str | None) -> None:
    if not iso3:
        st.info("Click a country on the map to see its alignment, its relation to Russia, "
                "the evidence and the source.")
        return
    row = atlas.countries[atlas.countries["iso3"] == iso3]
    if row.empty:
        st.warning("That area has no country code, so the atlas holds no data for it.")
        return
    country = row.iloc[0]
    latest = latest_records(atlas.records)
    record = latest.loc[iso3] if iso3 in latest.index else None
    # The record's own name ("Turkey", as the article writes it) before the gazetteer's ("Türkiye").
    st.subheader(plain(record["country"] if record is not None else country["name"]))
    facts = {
        US_ALIGNMENT.title: US_ALIGNMENT.describe(country[US_ALIGNMENT.column], iso3),
        RUSSIA_STANCE.title: RUSSIA_STANCE.describe(country[RUSSIA_STANCE.column], iso3),
        ENGAGEMENT.title: ENGAGEMENT.label(country[ENGAGEMENT.column]),
    }
    for vocabulary in VOTE_LAYERS.values():
        vote = country[vocabulary.column]
        facts[vocabulary.title] = vocabulary.label(vote) if vote else (
            "no vote recorded" if country["un_member"] else "not a UN member state")
    if record is not None:
        facts["Blocs"] = record["blocs"] or "none recorded"
        facts["Confidence"] = record["confidence"]
        facts["As of"] = record["as_of"]
    st.markdown("\n".join(f"- **{label}:** {plain(value)}" for label, value in facts.items()))
    if record is None:
        st.caption("No country record yet: only the UN vote is known. Add one, with its evidence "
                   "and source, on the Upload data page.")
        return
    st.markdown("**Evidence**")
    st.markdown(f"> {plain(record['evidence'])}")
    if record.get("note"):
        st.caption(plain(record["note"]))
    st.markdown("**Source**")
    st.markdown("\n".join(f"- {with_links(s.strip())}" for s in str(record["source"]).split(" ; ")))


def pick_country(atlas: Atlas, key: str) -> None:
    """The same choice as a click on the map, by keyboard or by name (small states included)."""
    named = atlas.countries[atlas.countries["iso3"] != ""].sort_values("name")
    names = dict(zip(named["iso3"], named["name"]))

    def chosen() -> None:
        st.session_state[key] = st.session_state[f"{key}_pick"]

    st.selectbox("Or find a country", list(names), index=None, format_func=names.get,
                 key=f"{key}_pick", on_change=chosen, placeholder="Type a name…")
