"""What a first view needs, built when a server starts (server.py), so no reader waits for it.

The store is opened (and seeded, and the editor token announced), the world joined to the current
records, the time slider's days and labels listed, the shapes written to their cacheable script and
the overview map's templates compiled. Then the garbage collector is told that everything alive so
far lives for good (gc.freeze): Streamlit runs a full collection after every script run, which
otherwise walks every object of pandas, geopandas, folium and the caches, about 90 ms each time.

streamlit_folium is not imported here: Streamlit registers a component only when it is declared
during a page run, so the first page run must be the one to import it.
"""
from __future__ import annotations

import gc
import time

from geo.maps.layers import build_overview_map
from geo.rule.timeline import LATEST
from ui.data import (asset_base, day_labels, get_store, load_atlas, map_layers, shapes_script_url,
                     snapshot_days)
from ui.embeds import ensure_current


def warm() -> float:
    """Build the caches the overview's first view uses; returns the seconds it took."""
    start = time.perf_counter()
    get_store()
    load_atlas(LATEST)
    snapshot_days()
    day_labels()
    ensure_current()  # the embeds of this version, built once whichever worker starts first
    build_overview_map(None, asset_base(), map_layers(), shapes_url=shapes_script_url()).get_root().render()
    gc.collect()
    gc.freeze()
    return time.perf_counter() - start
