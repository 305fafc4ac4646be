"""What a first view needs, built when a server starts (server.py), so no reader waits for it.

The store is opened (and seeded, and the editor token announced), the world joined to the current
records, the time slider's days listed and the overview map rendered for its opening layer. Then the
garbage collector is told that everything alive so far lives for good (gc.freeze): Streamlit runs a
full collection after every script run, which otherwise walks every object of pandas, geopandas,
folium and the caches, about 90 ms each time.
"""
from __future__ import annotations

import gc
import time

from geo.layers import CHOROPLETHS
from geo.timeline import LATEST
from ui import folium_replay
from ui.data import load_atlas, snapshot_days
from ui.map_view import overview_key, prepare_map


def warm() -> float:
    """Build the caches the overview's first view uses; returns the seconds it took."""
    start = time.perf_counter()
    folium_replay.register_component()
    snapshot_days()
    prepare_map(load_atlas(LATEST), CHOROPLETHS[0].key, overview_key(LATEST))
    gc.collect()
    gc.freeze()
    return time.perf_counter() - start
