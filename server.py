"""The atlas as a Streamlit server: `streamlit run server.py` (`make run`, and each worker of
`make serve`) serves app.py and pages/ as `streamlit run app.py` would, after building what a first
view needs (ui/warm.py), so the first reader after a start does not wait for it, and refusing
cross-site WebSockets itself (ui/origin.py), so that Streamlit never asks the internet about one,
marking its static files' caching (ui/static_cache.py), and serving the static embeds under
/embed/ (ui/embeds.py).
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st
from starlette.middleware import Middleware

from ui.embeds import EmbedFiles
from ui.origin import SameOriginWebSocket
from ui.static_cache import StaticCaching

# Outside a page, Streamlit warns that there is no page to draw on (a component declared, a cached
# function's spinner): true, and harmless here.
_NO_PAGE_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


@contextlib.contextmanager
def _outside_a_page() -> Iterator[None]:
    logger = logging.getLogger(_NO_PAGE_LOGGER)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.asynccontextmanager
async def _warm_first(_app: st.App):
    """Runs before the server accepts connections: its health check answers once this is done."""
    with _outside_a_page():
        from ui.warm import warm

        seconds = warm()
    print(f"Isolation Atlas: ready, caches built in {seconds:.1f} s.", flush=True)
    yield


app = st.App("app.py", lifespan=_warm_first, middleware=[Middleware(SameOriginWebSocket),
                                                               Middleware(StaticCaching), Middleware(EmbedFiles)])
