"""The view lives in the URL, so a copied link opens the same layer and country."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

def first_visit(page: str) -> bool:
    """True the first time this session runs PAGE: the one time its URL may seed its widgets."""
    flag = f"_url_state_loaded_{page}"
    if st.session_state.get(flag):
        return False
    st.session_state[flag] = True
    return True


def restore(allowed: dict[str, set[str] | None], page: str = "overview") -> None:
    """Once per session, seed widget state from the URL (?layer=vote&country=IND).

    Values that are not allowed are ignored, so a mangled link still opens a working page.
    """
    if not first_visit(page):
        return
    for key, values in allowed.items():
        value = st.query_params.get(key)
        if value and (values is None or value in values):
            st.session_state[key] = value


def publish(state: dict[str, str | None]) -> str:
    """Write the current view to the address bar; return the shareable link."""
    clean = {k: v for k, v in state.items() if v}
    for key in set(st.query_params) - set(clean):
        del st.query_params[key]
    st.query_params.update(clean)
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?{urlencode(clean)}" if clean else base


def link_box(url: str) -> None:
    """The link in a box with Streamlit's copy button, inside a popover.

    The code box pulls in Streamlit's 1.5 MB syntax highlighter; in a popover it loads when a
    person asks to share, not while the map is drawing.
    """
    with st.popover("Copy link to this view", icon=":material/link:", width="stretch"):
        st.caption("This link opens the same view (copy button on the right):")
        st.code(url, language=None, wrap_lines=True)
