"""The Travels map widget: a mounted base map, and the chosen routes swapped in on each rerun."""
from __future__ import annotations

from streamlit_folium import st_folium

from geo.maps.layers import preload_assets
from geo.travels.route_layers import build_travel_map, travel_routes
from geo.travels.routes import legs_between, stop_markers, stops_between
from ui.data import asset_base, load_atlas, map_shapes
from ui.travels import Filters, Travels

MAP_HEIGHT = 540


def travel_map(travels: Travels, filters: Filters) -> None:
    """Draw the routes and stops of the chosen dates; nothing on the map reruns the script.

    Both travellers' routes are sent (the sidebar and the layer control only hide them), so
    ticking a traveller back on in the map shows them at once. Popups and tooltips live in the
    browser: returned_objects=[] means panning, zooming, toggling and clicking never rerun.
    """
    start, end = filters.window
    legs = legs_between(list(travels.legs), start, end)
    markers = stop_markers(stops_between(list(travels.stops), start, end))
    countries = load_atlas().countries
    visited = dict(zip(countries["iso3"], countries["visited"]))
    base = preload_assets(build_travel_map(map_shapes(), visited, travels.bounds, asset_base()))
    st_folium(base, key="travels-map", height=MAP_HEIGHT, use_container_width=True,
              returned_objects=[], feature_group_to_add=[travel_routes(legs, markers, filters.show)])
