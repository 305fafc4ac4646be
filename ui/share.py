"""The view lives in the URL, so a copied link opens the same layer and country."""
from __future__ import annotations

import html
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


def embed_box(page_url: str, alt: str, height: int = 760) -> None:
    """The view's embed (ui/embeds.py) for an article: the iframe snippet, its link, its alt text.

    The snippet grows the iframe to the height the embed reports by postMessage (docs/publish.md);
    without its script the fixed HEIGHT is the fallback.
    """
    snippet = (f'<iframe id="isolation-atlas" src="{html.escape(page_url)}" title="{html.escape(alt[:80])}" '
               f'style="width:100%;border:0" height="{height}" loading="lazy"></iframe>\n'
               '<script>window.addEventListener("message",function(e){var h=e.data&&'
               'e.data["isolation-atlas-height"];if(h){document.getElementById("isolation-atlas")'
               '.style.height=h+"px";}});</script>')
    with st.popover("Embed this map", icon=":material/code:", width="stretch"):
        st.caption("Paste into an article: a light page of this map that grows to fit.")
        st.code(snippet, language="html", wrap_lines=True)
        st.caption("Plain link:")
        st.code(page_url, language=None, wrap_lines=True)
        st.caption("Alt text (also set on the embed for screen readers):")
        st.code(alt, language=None, wrap_lines=True)
