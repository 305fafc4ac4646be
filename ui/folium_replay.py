"""st_folium's component arguments, recorded once per map and replayed for every session.

st_folium turns a folium map into the arguments of its Streamlit component on every call. For the
overview that costs about 65 ms of server CPU per view, most of it Jinja compiling the 360 KB of
country shapes as a template (branca wraps each rendered script in a new Template, twice). The
arguments depend only on the map and the st_folium call, so `record` runs st_folium once with the
component call captured, and `replay` sends what was captured, exactly as st_folium would have.

Capturing goes through streamlit-folium's module-level `_component_func` (pinned in
requirements.txt): it is wrapped once, and the wrapper records only inside `record`, in this
thread, so st_folium calls elsewhere (the Travels map, other sessions) are untouched.
"""
from __future__ import annotations

import contextvars
import copy
from collections.abc import Callable
from typing import Any

import streamlit_folium

_recording: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar("st_folium_recording",
                                                                               default=None)
_component = getattr(streamlit_folium._component_func, "component", streamlit_folium._component_func)


def _component_or_record(**arguments: Any) -> Any:
    calls = _recording.get()
    if calls is None:
        return _component(**arguments)
    calls.append(arguments)
    return arguments.get("default")


_component_or_record.component = _component  # type: ignore[attr-defined]  # if imported twice
streamlit_folium._component_func = _component_or_record


def register_component() -> None:
    """Make the running server serve st_folium's frontend, when streamlit_folium was first imported
    outside a page (at start, ui/warm.py): Streamlit registers a declared component only when it is
    declared during a page run, and a module is imported once."""
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().component_registry.register_component(_component)


def record(draw: Callable[[], object]) -> dict[str, Any]:
    """The component arguments of the one st_folium call DRAW makes (nothing is sent)."""
    calls: list[dict] = []
    token = _recording.set(calls)
    try:
        draw()
    finally:
        _recording.reset(token)
    if len(calls) != 1:
        raise RuntimeError(f"expected one st_folium call to record, got {len(calls)}")
    return calls[0]


def replay(arguments: dict[str, Any]) -> Any:
    """Send recorded arguments to the component; returns what st_folium would have returned."""
    # The recorded dict is shared by every session: the component gets its own copy of the
    # defaults it may hand back.
    return _component(**{**arguments, "default": copy.deepcopy(arguments.get("default"))})
