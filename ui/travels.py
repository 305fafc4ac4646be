"""The Travels page's state: its data, the sidebar filters and the month-by-month play control.

The date range lives in one widget (the sidebar slider, key DATES). The play buttons change it
through callbacks, which run before the slider is drawn; while playing, each run ends by waiting
PLAY_SECONDS and asking for the next month, which is applied at the start of the following run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import streamlit as st

from geo.travels.routes import Leg, Stop, build_legs, load_stops, trip_bounds
from geo.vocab import TRAVELLER
from ui import share

DATES = "travel_dates"
PLAYING = "travel_playing"
TICK = "travel_tick"
PLAY_SECONDS = 2.0
HIDEABLE = (*TRAVELLER.values, "routes", "stops")  # what a link can switch off

Window = tuple[date, date]


@dataclass(frozen=True)
class Travels:
    """Stops and the legs between them, with the span of dates and the map area they cover."""

    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]
    first: date  # first day of the first month with a stop
    last: date  # last day of the last month with a stop
    bounds: tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Filters:
    travellers: frozenset[str]
    show: dict[str, bool] = field(default_factory=dict)  # map overlays: routes, stops, travellers
    window: Window = (date(2022, 1, 1), date(2022, 12, 31))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_window(day: date) -> Window:
    return month_start(day), month_end(day)


def single_month(window: Window) -> date | None:
    """The month a window covers exactly, if it is one whole month."""
    start, end = window
    return start if (start, end) == month_window(start) else None


def travels_of(stops: list[Stop]) -> Travels:
    """Legs, dates and map area of a list of stops (the year 2022 at least)."""
    days = [s.date_start for s in stops] + [s.date_end for s in stops]
    first = month_start(min(days + [date(2022, 1, 1)]))
    last = month_end(max(days + [date(2022, 12, 31)]))
    return Travels(tuple(stops), tuple(build_legs(stops)), first, last, trip_bounds(stops))


@st.cache_resource(show_spinner="Drawing the routes…")
def shipped_travels() -> Travels:
    """data/trips.csv as routes, computed once per server process."""
    return travels_of(load_stops())


@lru_cache(maxsize=16)
def _with_extra(extra: tuple[Stop, ...]) -> Travels:
    return travels_of([*shipped_travels().stops, *extra])


def page_travels(extra: list[Stop]) -> Travels:
    """The shipped travels, plus this session's uploaded stops if there are any."""
    return _with_extra(tuple(extra)) if extra else shipped_travels()


def _set_window(window: Window) -> None:
    st.session_state[DATES] = window


def _step(travels: Travels, months: int) -> None:
    """Show the month before or after the one shown (or the window's first month)."""
    window = st.session_state.get(DATES, (travels.first, travels.last))
    current = single_month(window)
    if current is None:
        target = month_start(window[0])
    elif months > 0:
        target = month_start(month_end(current) + timedelta(days=1))
    else:
        target = month_start(current - timedelta(days=1))
    target = min(max(target, travels.first), month_start(travels.last))
    _set_window(month_window(target))


def _play(travels: Travels) -> None:
    window = st.session_state.get(DATES, (travels.first, travels.last))
    current = single_month(window)
    if current is None or current >= month_start(travels.last):
        _set_window(month_window(travels.first))
    st.session_state[PLAYING] = True


def _pause() -> None:
    st.session_state[PLAYING] = False


def _whole_range(travels: Travels) -> None:
    st.session_state[PLAYING] = False
    _set_window((travels.first, travels.last))


def advance_if_playing(travels: Travels) -> None:
    """Apply the pending step of a running playback; stop after the last month. Call before filters."""
    if not st.session_state.pop(TICK, False) or not st.session_state.get(PLAYING):
        return
    current = single_month(st.session_state.get(DATES, (travels.first, travels.last)))
    if current is None or current >= month_start(travels.last):
        st.session_state[PLAYING] = False
        return
    _step(travels, +1)


def restore_from_url(travels: Travels) -> None:
    """A shared link (?from=2022-07-01&to=2022-07-31&hide=putin,stops) opens the same view.
    Anything that does not parse, or lies outside the data's dates, is ignored."""
    if not share.first_visit("travels"):
        return
    try:
        window = (date.fromisoformat(st.query_params.get("from", "")),
                  date.fromisoformat(st.query_params.get("to", "")))
        if travels.first <= window[0] <= window[1] <= travels.last:
            st.session_state[DATES] = window
    except ValueError:
        pass
    for name in st.query_params.get("hide", "").split(","):
        if name in HIDEABLE:
            st.session_state[f"travel_{name}"] = False


def publish_to_url(travels: Travels, filters: Filters) -> str:
    """The view in the address bar; the whole year and everything shown are left out of it."""
    start, end = filters.window
    whole = (start, end) == (travels.first, travels.last)
    hidden = ",".join(name for name in HIDEABLE if not filters.show.get(name, True))
    return share.publish({"from": None if whole else start.isoformat(),
                          "to": None if whole else end.isoformat(), "hide": hidden or None})


def sidebar_filters(travels: Travels) -> Filters:
    """Travellers, what the map shows, and the date range, from the sidebar."""
    st.session_state.setdefault(DATES, (travels.first, travels.last))
    window = st.session_state[DATES]
    if not (travels.first <= window[0] <= window[1] <= travels.last):  # data changed under it
        st.session_state[DATES] = (travels.first, travels.last)
    # Shown by default; a link may have switched some off (restore_from_url). The default lives in
    # Session State only: a widget given both a value and a Session State value makes Streamlit
    # log a warning with a stack trace.
    for name in HIDEABLE:
        st.session_state.setdefault(f"travel_{name}", True)
    sidebar = st.sidebar
    sidebar.markdown("**Travellers**")
    chosen = {c.value: sidebar.checkbox(c.label, key=f"travel_{c.value}") for c in TRAVELLER.categories}
    sidebar.markdown("**On the map**")
    routes = sidebar.checkbox("Routes", key="travel_routes")
    stops = sidebar.checkbox("Stops", key="travel_stops")
    window = sidebar.slider("Dates", min_value=travels.first, max_value=travels.last,
                            step=timedelta(days=1), format="D MMM YYYY", key=DATES,
                            help="Legs and stops that fall (even partly) within these days. The "
                                 "play control below the title steps through the months.")
    sidebar.caption("The map's layer control (top right) toggles the same layers without "
                    "reloading; the sidebar also filters the table and the figures.")
    return Filters(frozenset(k for k, on in chosen.items() if on),
                   {"routes": routes, "stops": stops, **chosen}, tuple(window))


def describe_window(window: Window) -> str:
    month = single_month(window)
    if month:
        return f"{month:%B %Y}"
    start, end = window
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _play_or_pause(travels: Travels) -> None:
    if st.session_state.get(PLAYING):
        _pause()
    else:
        _play(travels)


def play_controls(travels: Travels, window: Window) -> None:
    """Previous / play or pause / next month / whole year, and what is shown now.

    Play and Pause are one button (one key) whose label changes, so the page never shows both
    while a run replaces one with the other; icons, not symbols a phone's font may lack.
    """
    playing = st.session_state.get(PLAYING, False)
    with st.container(horizontal=True, vertical_alignment="center", key="travel_controls"):
        st.button("Month", key="travel_prev", icon=":material/chevron_left:", on_click=_step,
                  args=(travels, -1), help="Show the month before")
        st.button("Pause" if playing else "Play", key="travel_play", width=110,  # no jump
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  on_click=_play_or_pause, args=(travels,),
                  help="Stop on this month" if playing else "Step through the year month by month")
        st.button("Month", key="travel_next", icon=":material/chevron_right:", on_click=_step,
                  args=(travels, +1), help="Show the month after")
        st.button("Whole year", key="travel_all", on_click=_whole_range, args=(travels,))
        state = "Playing: " if playing else "Showing: "
        st.markdown(f"**{state}{describe_window(window)}**")


def keep_playing() -> None:
    """At the end of a run: while playing, wait, then rerun for the next month."""
    if st.session_state.get(PLAYING):
        time.sleep(PLAY_SECONDS)
        st.session_state[TICK] = True
        st.rerun()
