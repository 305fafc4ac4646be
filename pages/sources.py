"""How every country is classed and why, what each category means, and where every fact comes from."""
import pandas as pd
import streamlit as st

import altair as alt

from geo.rule.classify import RULE
from geo.rule.movement import RULE as MOVEMENT_RULE
from geo.maps.join import AXES
from geo.rule.shares import layer_shares, percent, vote_tallies
from geo.intake.sources import ARTICLE
from geo.vocab import (BASIS, ENGAGEMENT, INDICATORS, MOVEMENT, NO_DATA_LABEL, RESOLUTIONS, RUSSIA_STANCE,
                       TRIP_CONFIDENCE, US_ALIGNMENT, VISITED)
from ui import nav
from ui.data import load_atlas, shipped_data
from ui.text import plain, source_links

nav.page("Sources & method")

atlas = load_atlas()
shipped = shipped_data()
members = atlas.countries[atlas.countries["un_member"]]

st.title("Sources & method")
st.markdown(
    f"The atlas places each of the {len(members)} UN member states on two axes, its **alignment with "
    "the US** and its **relation to Russia** in 2022-23, from sourced facts: its six votes in the General "
    "Assembly on Ukraine (March 2022 to February 2023), sanctions in 2022, Russia's own list of 'unfriendly countries', US alliances and the visits of "
    "Lavrov and Putin. Every fact carries its source. The source article is: " + source_links(ARTICLE) + ".")

st.header("How each country is classed")
for title, paragraphs in RULE.items():
    st.subheader(title)
    for paragraph in paragraphs:
        st.markdown(paragraph)
rows = []
for axis in AXES:
    counts = members[f"{axis.column}_basis"].value_counts()
    rows.append({"axis": axis.title, **{BASIS[k]: int(counts.get(k, 0)) for k in BASIS},
                 "subject of the axis": int(members["iso3"].eq(axis.subject_iso3).sum())})
st.caption("Where each UN member's class comes from:")
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.header("Shares of members and of people")
st.markdown(
    "Each category's share of the UN's members and of their people (World Bank, 2022; "
    f"{members['population'].sum():,} people in all). For comparison, the Economist Intelligence Unit "
    "counted 131 countries that condemned Russia in March 2022 (36% of the world's people living in "
    "countries that condemned it and imposed sanctions), 32 neutral and 28 leaning towards Russia "
    "([EIU](https://www.eiu.com/n/russia-can-count-on-support-from-many-developing-countries/), "
    "[The Economist](https://www.economist.com/graphic-detail/2022/04/04/who-are-russias-supporters)). "
    "Its classes are not the atlas's: the atlas's 'opposed' requires sanctions or Russia's own listing.")
for vocabulary in (RUSSIA_STANCE, US_ALIGNMENT, ENGAGEMENT, *INDICATORS, MOVEMENT):
    st.markdown(f"**{vocabulary.title}**")
    st.dataframe(pd.DataFrame([{"category": s.label, "UN members": s.members,
                                "share of members": percent(s.member_share),
                                "people": s.population, "share of people": percent(s.population_share)}
                               for s in layer_shares(atlas.countries, vocabulary)]),
                 hide_index=True, width="stretch",
                 column_config={"people": st.column_config.NumberColumn(format="localized")})

st.header("Categories")
for vocabulary in (US_ALIGNMENT, RUSSIA_STANCE, ENGAGEMENT, *INDICATORS,
                   *(r.vocabulary for r in RESOLUTIONS), MOVEMENT, VISITED, TRIP_CONFIDENCE):
    st.subheader(vocabulary.title)
    st.dataframe(
        [{"value": c.value, "label": c.label, "meaning": c.meaning} for c in vocabulary.categories],
        hide_index=True, width="stretch")
st.caption(f"A country with no value on a layer is drawn grey (*{NO_DATA_LABEL}*), never left off the map.")

st.header(f"Country records ({len(atlas.records)})")
st.markdown(
    "The evidence layer: quotes from the source article (and uploads), each with its source, date "
    "and confidence. Where a record gives a class, it wins over the rule.")
st.dataframe(
    atlas.records[["country", "iso3", "us_alignment", "russia_stance", "blocs", "evidence",
                   "source", "as_of", "confidence", "note"]],
    hide_index=True, width="stretch",
    column_config={"evidence": st.column_config.TextColumn(width="large"),
                   "source": st.column_config.TextColumn(width="large")})

st.header("UN General Assembly votes on Ukraine")
st.markdown(
    "All six resolutions of the Assembly's emergency special session on Ukraine, March 2022 to "
    "February 2023, member by member, from the UN's own record of each vote (its machine-readable "
    "resolutions list the members in favour, against and abstaining; a member in none of the lists "
    "did not vote). Each roll call equals the official totals: the build stops if one does not.")
tallies = vote_tallies(atlas.countries)
if not tallies.empty:
    order = [c.label for c in RESOLUTIONS[0].vocabulary.categories]
    colours = [c.colour for c in RESOLUTIONS[0].vocabulary.categories]
    base = alt.Chart(tallies).encode(
        x=alt.X("resolution:N", sort=[r.code for r in RESOLUTIONS], title=None),
        color=alt.Color("vote:N", sort=order, scale=alt.Scale(domain=order, range=colours), title="Vote"),
        order=alt.Order("vote_order:Q"),
        tooltip=["resolution", "date", "vote", "members", alt.Tooltip("people:Q", format=",")],
    ).transform_calculate(vote_order=f"indexof({order!r}, datum.vote)")
    st.altair_chart(alt.hconcat(
        base.mark_bar().encode(y=alt.Y("members:Q", title="UN members")).properties(
            title="How the members voted", width=260, height=220),
        base.mark_bar().encode(y=alt.Y("share of people:Q", title="Share of the members' people",
                                       axis=alt.Axis(format="%"))).properties(
            title="How many people their governments spoke for", width=260, height=220),
    ), width="content")
st.subheader("Who moved")
st.markdown(MOVEMENT_RULE)
for code, row in shipped.vote_totals.iterrows():
    resolution = next((r for r in RESOLUTIONS if r.code == code), None)
    st.subheader(f"{code}: {row['subject']} ({row['date']})")
    st.markdown(f"Official totals: {row['yes']} in favour, {row['no']} against, {row['abstain']} "
                f"abstentions, {row['absent']} absent.")
    if resolution is not None:
        cast = shipped.votes[shipped.votes["resolution"] == code]
        counts = cast["vote"].value_counts()
        st.markdown("In the atlas, member by member: " + ", ".join(
            f"{resolution.vocabulary.label(value)}: {int(counts.get(value, 0))}"
            for value in resolution.vocabulary.values) + f" ({len(cast)} member states).")
        for source in dict.fromkeys(cast["source"]):
            st.caption(f"Source: {source_links(source)}")
        for _, noted in cast[cast["note"] != ""].drop_duplicates("note").iterrows():
            st.caption(f"{plain(noted['country'])}: {source_links(noted['note'])}")

st.header("Sanctions, Russia's list and US alliances")
st.markdown(
    "One row per fact, each with its date and source. A fact marked *expanded* applies a source that "
    "names a group (the EU) to each of its members; one marked *inferred* was not read in a source "
    "and lowers the confidence of any class that rests on it.")
st.dataframe(shipped.facts[["country", "iso3", "indicator", "value", "date", "detail", "source", "note",
                            "certainty"]],
             hide_index=True, width="stretch",
             column_config={"source": st.column_config.TextColumn(width="large")})

st.header("Map geometry and population")
st.markdown(
    "Natural Earth 1:50m admin-0 countries (public domain), via the npm package world-atlas 2.0.2, "
    "simplified with shared borders kept together and rounded to 0.01°. States too small or "
    "thin to hit at world scale are also drawn as a dot; Tuvalu, missing "
    "at 1:50m, is a dot at Funafuti. Somaliland and Northern Cyprus are drawn as part of Somalia "
    "and Cyprus, the UN member states they belong to. Population: World Bank, World Development "
    "Indicators, SP.POP.TOTL, 2022.")
