"""The chart beside the votes: a numeric dataset's values by any categorical layer: the atlas's own or a
categorical dataset's (one model: each is a Choropleth over a Vocabulary whose values are in atlas.countries)."""
from __future__ import annotations

import altair as alt
import streamlit as st

from geo.rule.compare import MIN_BASE, compare
from geo.maps.layers import CHOROPLETHS, dataset_choropleth
from ui.data import Atlas
from ui.text import plain


def compare_chart(atlas: Atlas, key: str) -> None:
    """For a numeric dataset layer: each category's members as dots along the value axis, each
    category's median as a black tick, and the sentence with its bases (geo.rule.compare)."""
    layer = next((d for d in atlas.datasets if d.key == key), None)
    if layer is None or layer.classes is None:
        return
    by = {c.key: c for c in (*CHOROPLETHS, *(dataset_choropleth(d) for d in atlas.datasets
                                              if d.dataset.column(d.column).kind == "categorical"))}
    choice = st.selectbox("Set beside", list(by), index=list(by).index("vote") if "vote" in by else 0,
                          format_func=lambda k: by[k].name, key="compare_by",
                          help="Each category's UN members with a value, as dots, and their median.")
    comparison = compare(layer, atlas.countries, by[choice].vocabulary)
    st.markdown(plain(comparison.sentence))
    if not comparison.groups:
        return
    order = [g.label for g in comparison.groups]
    colours = alt.Scale(domain=order, range=[g.colour for g in comparison.groups])
    unit = layer.dataset.unit
    points = comparison.points.assign(median=comparison.points["category"].map(
        {g.label: g.median for g in comparison.groups}))
    y = alt.Y("category:N", sort=order, title=None)
    dots = alt.Chart(points).mark_circle(size=60, opacity=0.75, stroke="#555", strokeWidth=0.5).encode(
        x=alt.X("value:Q", title=f"Value ({unit})" if unit else "Value"), y=y,
        color=alt.Color("category:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("name:N", title="Country"), alt.Tooltip("value:Q", title=unit)])
    medians = alt.Chart(points.drop_duplicates("category")).mark_tick(
        color="black", thickness=3, size=26).encode(
        x="median:Q", y=y, tooltip=[alt.Tooltip("median:Q", title="Median")])
    st.altair_chart(dots + medians, width="stretch")
    st.caption(f"Black ticks: each group's median. A group of fewer than {MIN_BASE} members is "
               "flagged in the sentence above. Unverified values are left out.")
