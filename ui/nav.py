"""Page set-up and the sidebar's page links, the same on every page.

The app uses Streamlit's pages/ folder (so a link to /sources works even as a server's very first
request) with its automatic menu hidden, because that menu would name the overview "app".
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
PAGES = (
    ("app.py", "Overview"),
    ("pages/travels.py", "Travels"),
    ("pages/upload.py", "Upload data"),
    ("pages/sources.py", "Sources & method"),
)


def page(title: str) -> None:
    """Call first on every page: browser-tab title, wide layout, and the page menu."""
    st.session_state["_run_number"] = run_number() + 1
    st.set_page_config(page_title=f"{title} · Isolation Atlas" if title != "Overview"
                       else "Isolation Atlas", layout="wide")
    with st.sidebar:
        for path, label in PAGES:
            if (ROOT / path).exists():
                st.page_link(path, label=label)
        st.divider()


def run_number() -> int:
    """How many times this session has run a page: a widget drawn in run n - 1 is still mounted."""
    return st.session_state.get("_run_number", 0)
