"""The Travels map's folium elements: data and configuration for static/atlas/travels.js.

The map is sent in two parts. The base (countries, layer control, legend, the drawing code in
travels.js) is the same whatever the filters, so streamlit-folium keeps it mounted; the routes and
stops of the chosen dates travel as a small FeatureGroup (`st_folium(feature_group_to_add=...)`)
that replaces the previous one in place. Changing dates or playing the year therefore redraws
only the routes.

Routes, Stops and each traveller are overlays in Leaflet's layer control; a leg or stop is shown
when its kind and its traveller are both ticked. Every text from the data is put on the page with
textContent, so a cell such as '<img src=x onerror=alert(1)>' shows as typed.
"""
from __future__ import annotations

from datetime import date

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.maps.layers import AtlasMap, fit_at_once, mount_json, safe_json
from geo.travels.routes import HOME, Leg, Stop, StopMarker, arrow_of
from geo.vocab import TRAVELLER, TRIP_CONFIDENCE, VISITED, UNCERTAIN_PLACE_OR_VISIT, VISIT_COUNTED

BASE_FILL = "#e4e4e4"
HOME_FILL = "#c9c9c9"
NOT_A_TRIP_COLOUR = "#525252"
TRAVELS_JS = "atlas/travels.js"

# The overlays of the layer control, in order: key -> label.
TOGGLES: dict[str, str] = {"routes": "Routes", "stops": "Stops",
                           **{c.value: c.label for c in TRAVELLER.categories}}


def date_span(start: date, end: date) -> str:
    """'23–24 Jul 2022', '31 May – 1 Jun 2022' or '19 Jul 2022'."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _visit_json(stop: Stop) -> dict:
    return {"dates": date_span(stop.date_start, stop.date_end), "event": stop.event,
            "counterparts": stop.counterparts, "source": stop.source, "confidence": stop.confidence,
            "confidence_label": TRIP_CONFIDENCE.label(stop.confidence), "note": stop.confidence_note,
            "city": stop.city}


def leg_json(leg: Leg) -> dict:
    (lat, lon), angle = arrow_of(leg)
    return {"traveller": leg.traveller, "confidence": leg.confidence, "dashed": leg.dashed,
            "path": [[list(p) for p in part] for part in leg.path],
            "arrow": [lat, lon, round(angle, 1)],
            "from": leg.origin.place, "to": leg.destination.place,
            "from_iso3": leg.origin.iso3, "to_iso3": leg.destination.iso3,
            "dates": date_span(leg.depart, leg.arrive), "km": round(leg.km),
            "event": leg.event, "note": leg.note,
            "confidence_label": TRIP_CONFIDENCE.label(leg.confidence)}


def marker_json(marker: StopMarker) -> dict:
    first = marker.visits[0]
    return {"traveller": marker.traveller, "confidence": marker.confidence,
            "counted": marker.confidence in VISIT_COUNTED,
            "hollow": marker.confidence in UNCERTAIN_PLACE_OR_VISIT,
            "lat": marker.lat, "lon": marker.lon, "visits": [_visit_json(s) for s in marker.visits],
            "iso3": first.iso3, "place": first.place, "shared": marker.shared}


def _spec() -> dict:
    """Labels and colours the drawing code needs, all from geo.vocab."""
    return {
        "travellers": {c.value: {"label": c.label, "colour": c.colour} for c in TRAVELLER.categories},
        "toggles": TOGGLES,
        "not_a_trip": NOT_A_TRIP_COLOUR,
        "legend": {
            "title": "Lavrov's and Putin's 2022 travels",
            "styles": [
                ["line", "Confirmed leg (arrow: direction)"],
                ["dashed", f"{TRIP_CONFIDENCE.label('uncertain_place')} or "
                           f"{TRIP_CONFIDENCE.label('unverified').lower()}: dashed leg, hollow stop"],
                ["pale", f"{TRIP_CONFIDENCE.label('conflicting_dates')}: pale stop"],
                ["grey", "In Russia or cancelled: grey ring, no leg"],
                ["size", "Bigger stop: more visits"],
            ],
        },
    }


class TravelMount(MacroElement):
    """Mounts static/atlas/travels.js: the grey countries, the toggles, the legend and the drawing
    code, which stay in the mounted map while the filters change."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        AtlasTravels.mount({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, config: dict, shapes: str):
        super().__init__()
        self._name = "TravelMount"
        self.config = mount_json(config, shapes)


class TravelRoutes(MacroElement):
    """The legs and stops of the chosen dates, drawn into their FeatureGroup by travels.js."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasTravel.draw({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
    """)

    def __init__(self, legs: list[Leg], markers: list[StopMarker], requested: dict[str, bool]):
        super().__init__()
        self._name = "TravelRoutes"
        self.data = safe_json({"legs": [leg_json(leg) for leg in legs],
                               "stops": [marker_json(m) for m in markers],
                               "requested": requested})


def build_travel_map(shapes: str, visited: dict[str, str],
                     bounds: tuple[tuple[float, float], tuple[float, float]], asset_base: str) -> folium.Map:
    """The part of the Travels map that never changes with the filters (so it stays mounted).

    VISITED maps ISO3 codes to a VISITED value, named in each country's tooltip; BOUNDS are in
    the map's longitudes, which run from Moscow - 180° to Moscow + 180° (geo.travels.routes.trip_bounds).
    """
    travel_map = AtlasMap(asset_base, modules=(TRAVELS_JS,), min_zoom=1)
    labels = {c.value: c.label for c in VISITED.categories}
    config = {**_spec(), "centre": HOME.lon, "bounds": [list(corner) for corner in bounds],
              "visited": {iso3: labels[v] for iso3, v in sorted(visited.items()) if v in labels},
              "home": {"iso3": VISITED.subject_iso3, "label": "Russia: home, where trips start"},
              "base_fill": BASE_FILL, "home_fill": HOME_FILL}
    travel_map.add_child(fit_at_once(bounds))  # before the shapes: drawn once, at their view
    TravelMount(config, shapes).add_to(travel_map)
    return travel_map


def travel_routes(legs: list[Leg], markers: list[StopMarker], requested: dict[str, bool]) -> folium.FeatureGroup:
    """The routes and stops to draw now, as the FeatureGroup streamlit-folium swaps in place."""
    group = folium.FeatureGroup(name="Travels", control=False)
    TravelRoutes(legs, markers, requested).add_to(group)
    return group
