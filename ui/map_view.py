"""The overview map widget and its sidebar, shared by every page that shows the choropleths.

One source of truth for what the map shows: st.session_state ("layer" and the page's country
key). The sidebar radio and the search write it as widgets do; the map writes it through its
on_change callback, which runs before any widget is drawn, so the radio, the legend, the details
and the URL follow a choice made on the map. The map itself is mounted once per page visit and
then only told what to show (overview_view), and only when that differs from what it shows
already: a choice made on the map costs a rerun of the page, never a rebuild of the map.
"""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.rule.indicators import readable_date
from geo.maps.join import AXES
from geo.maps.dataset_layers import coverage_sentence
from geo.maps.layers import (MAP_HEIGHT, Choropleth, build_overview_map, grouped, layer_group, overview_state,
                        overview_view, preload_assets)
from geo.rule.shares import layer_shares, people, percent, shares_bars
from geo.rule.timeline import LATEST
from geo.vocab import BASIS, MOVEMENT, RESOLUTIONS
from ui import nav
from ui.data import Atlas, asset_base, map_layers, shapes_script_url, shipped_data
from ui.text import plain, source_links


def layer_by_key() -> dict[str, Choropleth]:
    """Every layer of the overview map by its key (the atlas's own and the datasets')."""
    return {c.key: c for c in map_layers()}


def current_layer() -> str:
    """The layer the map opens with, read before the sidebar radio that sets it is drawn.

    Pages send the map before the sidebar, so the browser starts drawing it sooner. A widget with
    a key returns st.session_state[key], so this is the value choose_layer() will show.
    """
    if st.session_state.get("layer") not in layer_by_key():
        st.session_state["layer"] = map_layers()[0].key
    return st.session_state["layer"]


def _group_headings(layers: list[Choropleth]) -> None:
    """The radio's options under their groups' headings (drawn by CSS: one radio, one switch).
    The headings come from geo.maps.layers, never from a file."""
    rules, previous = [], None
    for position, layer in enumerate(layers, 1):
        group = layer_group(layer)
        if group != previous:
            rules.append(f'.st-key-layer [role="radiogroup"] > div:nth-child({position})::before'
                         f'{{content:"{group}";display:block;flex-basis:100%;font-weight:600;'
                         f'font-size:0.8rem;margin:{"0" if previous is None else "0.5rem"} 0 0.15rem;}}')
            previous = group
    st.sidebar.html("<style>.st-key-layer [role=\"radiogroup\"] > div{flex-wrap:wrap}"
                    + "".join(rules) + "</style>")


def choose_layer() -> str:
    """Sidebar choice of the choropleth, grouped: the atlas's answer, indicators, UN votes,
    datasets; the map's own layer control sets the same value."""
    layers = grouped(map_layers())
    by_key = {c.key: c for c in layers}
    current_layer()
    _group_headings(layers)
    return st.sidebar.radio("Colour countries by", [c.key for c in layers], key="layer",
                            format_func=lambda k: by_key[k].name,
                            help="The same layers are in the map's layer control (top right); "
                                 "either one switches the map, this list and the link.")


def _dataset_legend(atlas: Atlas, key: str) -> None:
    """What a dataset layer is: its coverage, unit, source and caveats, beside its classes."""
    layer = next((d for d in atlas.datasets if d.key == key), None)
    if layer is None or layer.dataset is None:
        return
    dataset = layer.dataset
    members = atlas.countries.loc[atlas.countries["un_member"], "iso3"]
    lines = [coverage_sentence(layer, members) + (f" {plain(dataset.coverage)}" if dataset.coverage else "")]
    if layer.classes is not None:
        lines.append(f"Unit: {plain(dataset.unit)}. Classes: natural breaks (Fisher-Jenks); each class "
                     f"includes its upper bound.")
    if dataset.about:
        lines.append(plain(dataset.about))
    st.sidebar.caption(" ".join(lines))
    st.sidebar.caption("Source: " + source_links(dataset.source))


def sidebar_legend(atlas: Atlas, key: str) -> None:
    """The active layer's categories: how many UN members, and what share of their people, in each."""
    vocabulary = layer_by_key()[key].vocabulary
    shares = layer_shares(atlas.countries, vocabulary)
    members = sum(s.members for s in shares)
    total_people = sum(s.population for s in shares)
    # Plain Markdown and an inline SVG (labels from geo.vocab, never from uploads): the colours are
    # also in the map's own legend, and no new kind of element delays the map.
    lines = "\n".join(f"- {s.label}: **{s.members}** ({percent(s.member_share)} of members, "
                      f"{percent(s.population_share)} of people)" for s in shares)
    st.sidebar.markdown(f"**{vocabulary.title}**: {members} UN member states, "
                        f"{people(total_people)} people (2022)\n\n{lines}")
    st.sidebar.html(shares_bars(shares))
    _dataset_legend(atlas, key)
    official = next((r for r in RESOLUTIONS if r.vocabulary is vocabulary), None)
    if official is not None:
        totals = shipped_data().vote_totals.loc[official.code]
        st.sidebar.caption(f"Official totals: {totals['yes']} in favour, {totals['no']} against, "
                           f"{totals['abstain']} abstentions, {totals['absent']} absent.")


def _map_event(key: str, country_key: str) -> None:
    """A layer or country chosen on the map (its component value), applied to the page's state."""
    event = st.session_state.get(key) or {}
    shown = st.session_state.get(f"{key}_shown") or {}
    if event.get("layer") in layer_by_key():
        st.session_state["layer"] = shown["layer"] = event["layer"]
    if "country" in event:
        st.session_state[country_key] = shown["country"] = event["country"] or None
    st.session_state[f"{key}_shown"] = shown
    st.session_state[f"{key}_ack"] = event.get("id")


def overview_map(atlas: Atlas, layer_key: str, country: str | None, key: str = "overview_map",
                 country_key: str = "country", changed: tuple[str, ...] = (),
                 layers: tuple[Choropleth, ...] | None = None) -> None:
    """Draw the map of ATLAS on LAYER_KEY with COUNTRY selected (CHANGED countries marked);
    LAYERS are the overview's (map_layers()) unless a page adds one (a dataset's preview).

    What the map is told is kept in session state and sent again unchanged (Streamlit then sends
    a reference, not the map) unless the page wants something the map does not show yet.
    """
    shown = st.session_state.get(f"{key}_shown")
    want = {"layer": layer_key, "country": country, "values": atlas.map_values, "changed": changed}
    mounted = st.session_state.get(f"{key}_run") == nav.run_number() - 1
    if not mounted or shown != want:
        moved = not mounted or (shown or {}).get("country") != country
        st.session_state[f"{key}_request"] = overview_state(
            atlas.map_values, layer_key, country, reveal=bool(country) and moved, changed=changed,
            ack=st.session_state.get(f"{key}_ack"))
        st.session_state[f"{key}_shown"] = want
    st.session_state[f"{key}_run"] = nav.run_number()
    overview = preload_assets(build_overview_map(None, asset_base(), layers or map_layers(),
                                                 shapes_url=shapes_script_url()))
    st_folium(overview, key=key, height=MAP_HEIGHT, use_container_width=True, returned_objects=[],
              feature_group_to_add=overview_view(st.session_state[f"{key}_request"]),
              on_change=partial(_map_event, key, country_key))


def current_day(days: list[str]) -> str:
    """The day the map shows, read before the time slider that sets it is drawn (see current_layer)."""
    if st.session_state.get("day") not in [*days, LATEST]:
        st.session_state["day"] = LATEST
    return st.session_state["day"]


def choose_day(days: list[str], labels: dict[str, str]) -> str:
    """The time slider: the map as it stood on a day of 2022-23, each stop named for what changed."""
    current_day(days)
    chosen = st.select_slider(
        "Data as of", [*days, LATEST], key="day",
        format_func=lambda d: "Latest: all data" if d == LATEST else labels.get(d, d),
        help="Step through 2022-23: each stop is a day on which a record, a UN vote, a sanction, a "
             "listing or a visit changed the map. Later ones are left out.")
    if days:
        st.caption(f"The slider covers {readable_date(days[0])} to "
                   f"{readable_date(days[-1])}.")
    return chosen


def _switch(state: str, shown_label: str, hidden_label: str, icon: str, on_hide=None) -> bool:
    """A button that shows or hides a part of the page drawn on request: the part's scripts (the
    data grid, the slider) then load when a reader asks for it, not before the map draws."""
    shown = bool(st.session_state.get(state, False))

    def flip() -> None:
        st.session_state[state] = not shown
        if shown and on_hide is not None:
            on_hide()

    st.button(shown_label if shown else hidden_label, key=f"{state}_switch", icon=icon, on_click=flip)
    return shown


def time_switch(day: str) -> bool:
    """Whether the time slider is shown: on request, or because a link opened a past day.
    Hiding it goes back to the latest data, so the map never shows a day no control names."""
    if day != LATEST:
        st.session_state["time_slider"] = True

    def back_to_latest() -> None:
        st.session_state["day"] = LATEST

    return _switch("time_slider", "Hide the time slider", "Step through 2022-23", ":material/calendar_month:",
                   back_to_latest)


def table_switch() -> bool:
    """Whether the map's table is shown (on request: Streamlit's data grid is heavy)."""
    return _switch("map_as_table", "Hide the table", "Show this map as a table", ":material/table:")


def map_table(atlas: Atlas, key: str) -> None:
    """The map as a table: the same categories, readable without seeing colours (and a dataset's
    values with their unit)."""
    vocabulary = layer_by_key()[key].vocabulary
    countries = atlas.countries[atlas.countries["iso3"] != ""]
    table = pd.DataFrame({
        "Country": countries["name"],
        "ISO3": countries["iso3"],
        vocabulary.title: vocabulary.labels(countries[vocabulary.column], countries["iso3"]),
        "People (2022)": countries["population"].where(countries["un_member"]),
        "UN member": countries["un_member"],
    })
    if vocabulary.column.startswith("vote") or vocabulary is MOVEMENT:
        table["Votes, ES-11/1 to the latest held"] = countries["vote_sequence"]
    layer = next((d for d in atlas.datasets if d.key == key), None)
    if layer is not None:
        table["Value"] = countries["iso3"].map(layer.hover).fillna("").to_numpy()
    if vocabulary in AXES:  # where the class comes from, and the rule's inputs
        table["From"] = countries[f"{vocabulary.column}_basis"].map(BASIS).fillna("")
        table["The rule's inputs"] = countries[f"{vocabulary.column}_why"]
    st.dataframe(table.sort_values("Country"), hide_index=True, width="stretch", height=320,
                 column_config={"People (2022)": st.column_config.NumberColumn(format="localized")})


def show_findings(atlas: Atlas) -> None:
    """What the data says, in sentences computed from it (geo.rule.summary), above the map."""
    st.markdown("\n".join(f"- {f.text}" for f in atlas.findings))


def phone_layout() -> None:
    """On a narrow screen the map comes first: the introduction moves under it, the title shrinks.
    And the page stays where it is when the details under the map grow after a tap (the browser
    would otherwise scroll to keep what is below them in place, and the map would jump away).
    The link to the details (ui.details.details_link) shows only where they come below the map."""
    st.html("""<style>
      [data-testid="stMain"] { overflow-anchor: none; }
      .st-key-details_link { display: none; }
      @media (max-width: 640px) {
        [data-testid="stLayoutWrapper"]:has(> .st-key-intro) { order: 1; }
        [data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
        [data-testid="stMainBlockContainer"] h1 { font-size: 1.8rem; padding-bottom: 0.25rem; }
        .st-key-details_link { display: block; }
      }
    </style>""")
