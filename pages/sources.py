"""Every record with its citation, and what each category means."""
import streamlit as st

from geo.vocab import (ENGAGEMENT, NO_DATA_LABEL, RUSSIA_STANCE, TRIP_CONFIDENCE, UN_VOTE_ES11_3,
                       US_ALIGNMENT, VISITED, VOTE_LAYERS)
from ui import nav
from ui.data import load_atlas

nav.page("Sources & method")

atlas = load_atlas()

st.title("Sources & method")
st.markdown(
    "Every country record carries the evidence it rests on and the source of that evidence. "
    "Quotes are from the source article (AP, July 2022) unless the source column names another. "
    "Records marked **low** confidence were derived by a stated rule, not taken from a source's "
    "judgement; their note says how. Countries without a record are drawn grey ("
    f"*{NO_DATA_LABEL}*), never left off the map."
)

st.header("Categories")
for vocabulary in (US_ALIGNMENT, RUSSIA_STANCE, ENGAGEMENT, UN_VOTE_ES11_3, VISITED, TRIP_CONFIDENCE):
    st.subheader("UN votes" if vocabulary is UN_VOTE_ES11_3 else vocabulary.title)
    st.dataframe(
        [{"value": c.value, "label": c.label, "meaning": c.meaning} for c in vocabulary.categories],
        hide_index=True, width="stretch")

st.header(f"Country records ({len(atlas.records)})")
st.dataframe(
    atlas.records[["country", "iso3", "us_alignment", "russia_stance", "blocs", "evidence",
                   "source", "as_of", "confidence", "note"]],
    hide_index=True, width="stretch",
    column_config={"evidence": st.column_config.TextColumn(width="large"),
                   "source": st.column_config.TextColumn(width="large")})

st.header("UN General Assembly votes")
for resolution, vocabulary in VOTE_LAYERS.items():
    cast = atlas.votes[atlas.votes["resolution"] == resolution]
    counts = cast["vote"].value_counts()
    st.subheader(vocabulary.title)
    st.markdown(", ".join(f"{vocabulary.label(value)}: {count}" for value, count in counts.items())
                + f" ({len(cast)} member states).")
    st.caption(f"Source: {cast['source'].iloc[0]}")
    notes = cast.loc[cast["note"] != "", "note"].unique()
    if len(notes):
        st.caption(" ".join(notes))

st.header("Map geometry")
st.markdown(
    "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2, "
    "simplified with shared borders kept together and rounded to 0.01°. States too small or "
    "thin to hit at world scale are also drawn as a dot; Tuvalu, missing "
    "at 1:50m, is a dot at Funafuti. Somaliland and Northern Cyprus are drawn as part of Somalia "
    "and Cyprus, the UN member states they belong to. Details: `data/README.md`.")
