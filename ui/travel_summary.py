"""The Travels page's figures and its table of stops, for the chosen travellers and dates."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from geo.intake.countries import country_name
from geo.travels.routes import Stop, countries_visited, km_flown, legs_between, stops_between, stops_per_month
from geo.vocab import TRAVELLER, TRIP_CONFIDENCE, VISIT_COUNTED
from ui.travels import Filters, Travels


def _chosen(filters: Filters) -> tuple[str, ...]:
    return tuple(v for v in TRAVELLER.values if v in filters.travellers)


def figures(travels: Travels, filters: Filters) -> None:
    """Countries visited, kilometres flown, stops and legs in the chosen window."""
    start, end = filters.window
    stops = stops_between(list(travels.stops), start, end, set(filters.travellers))
    legs = legs_between(list(travels.legs), start, end, set(filters.travellers))
    visited = sorted(countries_visited(stops))
    unverified = sorted({s.iso3 for s in stops if s.confidence == "unverified"} - set(visited))
    names = ", ".join(country_name(c) or c for c in visited) or "none"
    columns = st.columns(4)
    columns[0].metric("Countries visited", len(visited),
                      help=f"{names}. Countries are UN members: a stop elsewhere (Antarctica) is a stop, not "
                           "a country. Unverified visits and UN meetings in New York do not count"
                           + (f" ({', '.join(country_name(c) or c for c in unverified)})."
                              if unverified else "."))
    columns[1].metric("Kilometres flown", f"{km_flown(legs):,.0f}",
                      help="Sum of the great-circle legs drawn, Moscow legs included. Real flight "
                           "paths are longer (airspace closures, detours).")
    unverified = sum(s.confidence == "unverified" for s in stops)
    columns[2].metric("Stops abroad", sum(s.confidence in VISIT_COUNTED for s in stops),
                      help="Visits counted as in the chart: confirmed, or with uncertain dates or "
                           "city. Unverified stops"
                           + (f" ({unverified} here)" if unverified else "")
                           + ", meetings in Russia and cancelled visits are listed in the table "
                             "but not counted.")
    columns[3].metric("Legs", len(legs), help="Flights drawn on the map (see 'How routes are drawn').")


def stops_per_month_chart(travels: Travels, filters: Filters) -> None:
    """Counted visits per month, stacked by traveller in the travellers' colours."""
    chosen = _chosen(filters)
    if not chosen:
        st.info("Tick a traveller in the sidebar to see their stops per month.")
        return
    table = stops_per_month(list(travels.stops), chosen)
    table.columns = [TRAVELLER.label(v) for v in chosen]
    long = table.reset_index().melt(id_vars="month", var_name="traveller", value_name="visits")
    long["month"] = pd.to_datetime(long["month"]).dt.strftime("%b %Y")
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("month:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("visits:Q", title="Visits", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("traveller:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=list(table.columns),
                                        range=[TRAVELLER.colour(v) for v in chosen])),
        tooltip=["month", "traveller", "visits"])
    st.altair_chart(chart, width="stretch", height=260)
    st.caption("Confirmed visits and visits with uncertain dates or city, by month of arrival; "
               "unverified, cancelled and at-home stops are not counted.")


STOP_COLUMNS = ["traveller", "from", "to", "city", "country", "confidence", "source", "event",
                "met", "why", "file"]


def stops_frame(stops: list[Stop]) -> pd.DataFrame:
    """The stops as the table shows them: readable labels, data text untouched; where and how sure
    first, so source and confidence are in view without scrolling sideways."""
    return pd.DataFrame([{
        "traveller": TRAVELLER.label(s.traveller), "from": s.date_start, "to": s.date_end,
        "city": s.city, "country": s.country, "event": s.event, "met": s.counterparts,
        "confidence": TRIP_CONFIDENCE.label(s.confidence), "why": s.confidence_note,
        "source": s.source, "file": f"{s.origin}, line {s.line}"} for s in stops],
        columns=STOP_COLUMNS)


def stops_table(travels: Travels, filters: Filters) -> None:
    """Every stop in the window, sortable by any column (click a header)."""
    start, end = filters.window
    stops = sorted(stops_between(list(travels.stops), start, end, set(filters.travellers)),
                   key=lambda s: (s.date_start, s.traveller, s.line))
    st.dataframe(stops_frame(stops), hide_index=True, width="stretch", column_config={
        "traveller": st.column_config.TextColumn(width="small"),
        "from": st.column_config.DateColumn("from", format="D MMM YYYY", width="small"),
        "to": st.column_config.DateColumn("to", format="D MMM YYYY", width="small"),
        "city": st.column_config.TextColumn(width="small"),
        "country": st.column_config.TextColumn(width="small"),
        "confidence": st.column_config.TextColumn(width="small"),
        "source": st.column_config.TextColumn(width="medium"),
        "event": st.column_config.TextColumn(width="medium"),
        "why": st.column_config.TextColumn(width="medium"),
    })
