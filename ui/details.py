"""The panel beside the map: the atlas's answer for one country, every input with its source.

It names the class on each axis and where it comes from (the country's record, or the atlas's
rule with the inputs that decided it), then every indicator: the UN votes, sanctions, Russia's
list, US alliances, the visits of Lavrov and Putin, and the record's own evidence.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.rule.indicators import country_facts, readable_date
from geo.maps.join import AXES, latest_records
from geo.rule.shares import people, percent
from geo.rule.timeline import LATEST
from geo.vocab import BASIS, ENGAGEMENT, MOVEMENT, INDICATORS, RESOLUTIONS, TRAVELLER, TRIP_CONFIDENCE, TRIP_SETTING
from ui.data import Atlas
from ui.text import plain, source_links


def _source(text: object) -> None:
    st.caption("Source: " + source_links(text))


def _axis(country: pd.Series, vocabulary) -> None:
    """One axis: the class shown, where it comes from, and the rule's answer beside a record's."""
    column = vocabulary.column
    shown = vocabulary.describe(country[column], country["iso3"])
    basis = country[f"{column}_basis"]
    st.markdown(f"**{vocabulary.title}: {plain(shown)}**" + (f" ({BASIS[basis]})" if basis else ""))
    rule, why = country[f"{column}_rule"], country[f"{column}_why"]
    if basis == "record":
        if rule and rule != country[column]:
            st.caption(f"The atlas's rule alone would say {plain(vocabulary.label(rule))} ({plain(why)}); "
                       "the record wins.")
        elif rule:
            st.caption(f"The atlas's rule agrees: {plain(why)}.")
    elif why:
        st.caption(f"Why: {plain(why)}." + (f" Caveat: {plain(country[f'{column}_uncertain'])}."
                                            if country[f"{column}_uncertain"] else ""))


def _votes(atlas: Atlas, country: pd.Series) -> None:
    cast = atlas.votes[atlas.votes["iso3"] == country["iso3"]].set_index("resolution")
    if cast.empty:
        st.markdown("**UN votes:** " + ("none held yet on the day shown" if country["un_member"]
                                        else "not a UN member state"))
        return
    st.markdown("**UN votes**")
    if country[MOVEMENT.column]:
        st.markdown(f"Who moved: **{plain(MOVEMENT.label(country[MOVEMENT.column]))}** "
                    f"({plain(country['vote_sequence'])})")
    for resolution in RESOLUTIONS:
        if resolution.code not in cast.index:
            continue
        vote = cast.loc[resolution.code]
        st.markdown(f"- {resolution.code}, {plain(resolution.subject)} ({readable_date(resolution.date)}): "
                    f"**{plain(resolution.vocabulary.label(vote['vote']))}**")
        st.caption(("Note: " + source_links(vote["note"]) + " " if vote["note"] else "")
                   + "Source: " + source_links(vote["source"]))


def _indicators(atlas: Atlas, country: pd.Series, day: str) -> None:
    facts = country_facts(atlas.facts, country["iso3"], day)
    for vocabulary in INDICATORS:
        rows = facts[facts["indicator"] == vocabulary.column]
        shown = vocabulary.describe(country[vocabulary.column], country["iso3"])
        st.markdown(f"**{vocabulary.title}: {plain(shown)}**")
        for fact in rows.itertuples():
            when = f" (from {readable_date(fact.date)})" if fact.date and fact.value != "none" else ""
            note = f" {plain(fact.note)}" if fact.note else ""  # an inferred fact's note says so
            st.caption(f"{plain(fact.detail)}{when}.{note} Source: {source_links(fact.source)}")


def _visits(atlas: Atlas, country: pd.Series) -> None:
    stops = [s for s in atlas.stops if s.iso3 == country["iso3"]]
    if not stops:
        st.markdown("**Visits by Lavrov or Putin in 2022:** none recorded"
                    + ("" if country["iso3"] != "RUS" else " abroad (Russia is the host)"))
        return
    st.markdown("**Visits by Lavrov or Putin in 2022**")
    for stop in stops:
        when = readable_date(stop.date_start.isoformat())
        if stop.date_end != stop.date_start:
            when += f" to {readable_date(stop.date_end.isoformat())}"
        qualifiers = [TRIP_SETTING.label(stop.setting)] if stop.setting in ("multilateral", "un") else []
        if stop.confidence != "confirmed":
            qualifiers.append(TRIP_CONFIDENCE.label(stop.confidence))
        shown = f" ({'; '.join(qualifiers)})" if qualifiers else ""
        st.markdown(f"- {plain(TRAVELLER.label(stop.traveller))} in {plain(stop.city)}, {when}"
                    f"{plain(shown)}: {plain(stop.event)}")
        st.caption((plain(stop.confidence_note) + " " if stop.confidence_note else "")
                   + "Source: " + source_links(stop.source))


def _datasets(atlas: Atlas, iso3: str) -> None:
    """Every dataset's value for the country (each year), with its note and source; datasets
    that do not cover it are named as such, so a missing value is never read as a zero."""
    layers = [layer for layer in atlas.datasets if layer.dataset is not None]
    if not layers:
        return
    st.markdown("**Datasets**")
    uncovered = []
    for dataset in dict.fromkeys(layer.dataset for layer in layers):
        rows = dataset.table[dataset.table["iso3"] == iso3]
        if rows.empty:
            uncovered.append(dataset.title)
            continue
        for layer in (x for x in layers if x.dataset is dataset and iso3 in x.covered):
            name = dataset.title + (f", {layer.column}" if len(dataset.columns) > 1 else "")
            when = f" ({layer.period})" if layer.period else ""
            st.markdown(f"- {plain(name)}: **{plain(layer.hover.get(iso3, 'no value'))}**{plain(when)}")
        notes = "; ".join(n for n in rows["note"].unique() if n)
        st.caption((plain(notes) + " " if notes else "") + "Source: "
                   + source_links("; ".join(rows["source"].unique())))
    if uncovered:
        st.caption("Not covered by: " + plain("; ".join(uncovered)) + ".")


def _record(record: pd.Series | None) -> None:
    if record is None:
        st.caption("No country record: the classes above come from the atlas's rule. Add a record, "
                   "with its evidence and source, on the Upload data page.")
        return
    st.markdown(f"**Record** (as of {readable_date(record['as_of'])}, confidence {plain(record['confidence'])})")
    st.markdown(f"> {plain(record['evidence'])}")
    if record.get("blocs"):
        st.caption(f"Blocs: {plain(record['blocs'])}")
    if record.get("note"):
        st.caption(plain(record["note"]))
    _source(record["source"])


DETAILS_ANCHOR = "country-details"


def country_title(atlas: Atlas, iso3: str | None) -> str | None:
    """The name the details go by: the record's own ("Turkey", as the article writes it) before
    the gazetteer's ("Türkiye"); None for no country or an area without a code."""
    row = atlas.countries[atlas.countries["iso3"] == iso3] if iso3 else atlas.countries.iloc[0:0]
    if row.empty:
        return None
    latest = latest_records(atlas.records)
    return latest.loc[iso3, "country"] if iso3 in latest.index else row.iloc[0]["name"]


def details_link(atlas: Atlas, iso3: str | None) -> None:
    """Under the map, a link down to the country's details: on a phone they come after the rest
    of the map's column, out of sight. Hidden where the details sit beside the map (phone_layout)."""
    title = country_title(atlas, iso3)
    if title is None:
        return
    with st.container(key="details_link"):
        st.markdown(f"[See {plain(title)}'s details ↓](#{DETAILS_ANCHOR})")


def show_country(atlas: Atlas, iso3: str | None, day: str = LATEST) -> None:
    if not iso3:
        st.info("Click a country on the map to see where it stood and why: its alignment, its "
                "relation to Russia, its votes, sanctions, alliances and visits, each with its source.")
        return
    row = atlas.countries[atlas.countries["iso3"] == iso3]
    if row.empty:
        st.warning("That area has no country code, so the atlas holds no data for it.")
        return
    country = row.iloc[0]
    latest = latest_records(atlas.records)
    record = latest.loc[iso3] if iso3 in latest.index else None
    # The record's own name ("Turkey", as the article writes it) before the gazetteer's ("Türkiye").
    st.subheader(plain(country_title(atlas, iso3)), anchor=DETAILS_ANCHOR)
    if country["un_member"]:
        total = atlas.countries.loc[atlas.countries["un_member"], "population"].sum()
        st.caption(f"{people(int(country['population']))} people in 2022 "
                   f"({percent(country['population'] / total)} of the UN members' population; World Bank).")
    else:
        st.caption("Not a UN member state: it has no vote and is not counted in the atlas's totals.")
    for vocabulary in AXES:
        _axis(country, vocabulary)
    st.markdown(f"**{ENGAGEMENT.title}:** {plain(ENGAGEMENT.label(country[ENGAGEMENT.column]))}")
    _votes(atlas, country)
    _indicators(atlas, country, day)
    _visits(atlas, country)
    _datasets(atlas, iso3)
    _record(record)
