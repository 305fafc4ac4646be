"""The Travels map's folium elements: a light country base, the routes and stops, their toggles.

The map is sent in two parts. The base (countries, layer control, legend, the drawing code) is the
same whatever the filters, so streamlit-folium keeps it mounted; the routes and stops of the chosen
dates travel as a small FeatureGroup (`st_folium(feature_group_to_add=...)`) that replaces the
previous one in place. Changing dates or playing the year therefore redraws only the routes.

Routes, Stops and each traveller are overlays in Leaflet's layer control; a leg or stop is shown
when its kind and its traveller are both ticked. Every text from the data is put on the page with
textContent, so a cell such as '<img src=x onerror=alert(1)>' shows as typed.
"""
from __future__ import annotations

from datetime import date

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.layers import AtlasMap, safe_json
from geo.routes import Leg, Stop, StopMarker, arrow_of
from geo.vocab import TRAVELLER, TRIP_CONFIDENCE, VISITED, UNCERTAIN_PLACE_OR_VISIT, VISIT_COUNTED

BASE_FILL = "#e4e4e4"
HOME_FILL = "#c9c9c9"
NOT_A_TRIP_COLOUR = "#525252"

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


class CountryBase(MacroElement):
    """Every country in light grey, Russia a shade darker; hovering names it and who visited it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
          var visited = {{ this.visited_json }};
          return L.geoJSON({{ this.data }}, {
            filter: function (feature) { return !feature.properties.marker; },
            style: function (feature) {
              var p = feature.properties;
              return {fillColor: p.iso3 === "RUS" ? "{{ this.home_fill }}" : "{{ this.base_fill }}",
                      fillOpacity: 1, color: "#ffffff", weight: 0.7,
                      className: "country base iso-" + (p.iso3 || "none")};
            },
            onEachFeature: function (feature, layer) {
              layer.bindTooltip(function () {
                var p = feature.properties, box = document.createElement("div");
                var title = document.createElement("strong");
                title.textContent = p.name;
                box.appendChild(title);
                var label = p.iso3 === visited.subject.iso3 ? visited.subject.label
                          : (visited.labels[p.visited] || "");
                if (label) {
                  box.appendChild(document.createElement("br"));
                  box.appendChild(document.createTextNode(label));
                }
                return box;
              }, {sticky: true});
            }
          }).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: str):
        super().__init__()
        self._name = "CountryBase"
        self.data = data
        self.base_fill, self.home_fill = BASE_FILL, HOME_FILL
        self.visited_json = safe_json({
            "labels": {c.value: c.label for c in VISITED.categories},
            "subject": {"iso3": VISITED.subject_iso3, "label": "Russia: home, where trips start"}})


class TravelToggle(folium.map.Layer):
    """An overlay entry in the layer control (Routes, Stops, a traveller); holds no shapes itself."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
    """)

    def __init__(self, key: str, label: str, show: bool = True):
        super().__init__(name=label, overlay=True, control=True, show=show)
        self._name = "TravelToggle"
        self.key = key


class TravelDrawing(MacroElement):
    """The drawing code, panes, legend and toggle logic, kept in the mounted base map.

    window.atlasTravel.draw(group, data) is called by each TravelRoutes that arrives.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container { background: #f7f9fb; }
          .atlas-legend { background: rgba(255,255,255,0.94); padding: 6px 8px; font: 12px/1.45 sans-serif;
                          border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); max-width: 250px; }
          .atlas-legend h4 { margin: 0 0 4px; font-size: 12px; }
          .atlas-legend svg { vertical-align: -3px; margin-right: 6px; }
          .leaflet-control-layers { font: 12px/1.5 sans-serif; }
          .leg-arrow { pointer-events: none; }
          .stop-popup { font: 12px/1.45 sans-serif; max-width: 320px; }
          .stop-popup .visit { border-top: 1px solid #ddd; margin-top: 5px; padding-top: 5px; }
          .stop-popup .field b { font-weight: 600; }
          .stop-popup a { word-break: break-all; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
          var spec = {{ this.spec_json }};
          var toggles = { {%- for key, layer in this.toggles %}{{ key|tojson }}: {{ layer }},{% endfor -%} };
          var travel = window.atlasTravel = {map: map, items: [], requested: null};
          // One pane of legs per traveller, the first on top: a later traveller's legs are drawn wider
          // underneath, so where both flew the same route (Moscow-Tehran, -Yerevan, -Minsk) both show.
          var travellerKeys = Object.keys(spec.travellers);
          travellerKeys.forEach(function (key, i) {
            spec.travellers[key].pane = "travel-legs-" + key;
            spec.travellers[key].weight = 2.4 + 2.2 * i;
          });
          travellerKeys.map(function (key, i) { return [spec.travellers[key].pane, 410 - i]; })
            .concat([["travel-arrows", 415], ["travel-stops", 420]]).forEach(function (p) {
              if (!map.getPane(p[0])) { map.createPane(p[0]).style.zIndex = p[1]; }
            });
          map.getPane("travel-arrows").style.pointerEvents = "none";

          // A circle shifted a few pixels, so Lavrov's and Putin's stops at one place both show.
          var OffsetCircle = L.CircleMarker.extend({
            _project: function () {
              L.CircleMarker.prototype._project.call(this);
              if (this.options.offset) {
                this._point = this._point.add(L.point(this.options.offset));
                this._updateBounds();
              }
            }
          });

          function el(tag, parent, text, cls) {
            var node = document.createElement(tag);
            if (text !== undefined && text !== null) { node.textContent = text; }
            if (cls) { node.className = cls; }
            if (parent) { parent.appendChild(node); }
            return node;
          }
          function field(parent, label, value) {
            if (!value) { return; }
            var row = el("div", parent, null, "field");
            el("b", row, label + ": ");
            row.appendChild(document.createTextNode(value));
          }
          function sources(parent, text) {
            var row = el("div", parent, null, "field source");
            el("b", row, "Source: ");
            String(text || "").split(/\\s+;\\s+/).forEach(function (part, i) {
              if (i) { row.appendChild(document.createTextNode(" ; ")); }
              var url = part.match(/^https?:\\/\\/\\S+/);
              if (url) {
                var a = el("a", row, part);
                a.href = url[0];
                a.target = "_blank";
                a.rel = "noopener noreferrer";
              } else {
                row.appendChild(document.createTextNode(part));
              }
            });
          }
          function legTooltip(leg) {
            var box = el("div", null, null, "leg-tooltip");
            el("strong", box, spec.travellers[leg.traveller].label);
            el("div", box, leg.from + " \u2192 " + leg.to);
            el("div", box, leg.dates + " \u00b7 " + leg.km.toLocaleString("en") + " km");
            if (leg.event) { el("div", box, leg.event); }
            if (leg.confidence !== "confirmed") {
              el("div", box, leg.confidence_label + (leg.note ? ": " + leg.note : ""), "why");
            }
            return box;
          }
          function stopPopup(stop) {
            var box = el("div", null, null, "stop-popup");
            el("strong", box, stop.place);
            el("div", box, spec.travellers[stop.traveller].label + " \u00b7 " + stop.visits.length +
               (stop.visits.length === 1 ? " visit" : " visits"));
            stop.visits.forEach(function (v) {
              var visit = el("div", box, null, "visit");
              el("div", visit, v.dates, "dates");
              field(visit, "Event", v.event);
              field(visit, "Met", v.counterparts);
              field(visit, "Confidence", v.confidence_label + (v.note ? ": " + v.note : ""));
              sources(visit, v.source);
            });
            return box;
          }
          function arrowIcon(colour, angle) {
            var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="-7 -7 14 14">' +
                      '<path d="M-5,-4.5 L6,0 L-5,4.5 L-2.5,0 Z" fill="' + colour + '" stroke="#fff" ' +
                      'stroke-width="0.8" transform="rotate(' + Number(angle) + ')"/></svg>';
            return L.divIcon({className: "leg-arrow", html: svg, iconSize: [14, 14], iconAnchor: [7, 7]});
          }

          travel.shown = function (item) {
            return map.hasLayer(toggles[item.kind]) && map.hasLayer(toggles[item.traveller]);
          };
          travel.apply = function () {
            travel.items.forEach(function (item) {
              var on = travel.shown(item), has = item.group.hasLayer(item.layer);
              if (on && !has) { item.group.addLayer(item.layer); }
              if (!on && has) { item.group.removeLayer(item.layer); }
            });
          };
          // Sidebar choices arrive with each drawing; only those that changed are applied, so a
          // toggle made in the map's own control survives a change of dates or of another box.
          travel.request = function (requested) {
            var before = travel.requested || {};
            travel.requested = requested;
            Object.keys(requested).forEach(function (key) {
              var layer = toggles[key];
              if (!layer || before[key] === requested[key]) { return; }
              if (requested[key] && !map.hasLayer(layer)) { map.addLayer(layer); }
              if (!requested[key] && map.hasLayer(layer)) { map.removeLayer(layer); }
            });
          };
          map.on("overlayadd overlayremove", function () { travel.apply(); });

          travel.draw = function (group, data) {
            var items = [];
            data.legs.forEach(function (leg) {
              var colour = spec.travellers[leg.traveller].colour;
              var line = L.polyline(leg.path, {
                pane: spec.travellers[leg.traveller].pane, color: colour,
                weight: spec.travellers[leg.traveller].weight, opacity: 0.9,
                dashArray: leg.dashed ? "7 6" : null,
                className: "leg traveller-" + leg.traveller + " confidence-" + leg.confidence +
                           " from-" + leg.from_iso3 + " to-" + leg.to_iso3
              });
              line.bindTooltip(function () { return legTooltip(leg); }, {sticky: true});
              var arrow = L.marker([leg.arrow[0], leg.arrow[1]], {
                pane: "travel-arrows", interactive: false, keyboard: false,
                icon: arrowIcon(colour, leg.arrow[2])
              });
              items.push({kind: "routes", traveller: leg.traveller, layer: line, group: group});
              items.push({kind: "routes", traveller: leg.traveller, layer: arrow, group: group});
            });
            data.stops.slice().sort(function (a, b) { return b.visits.length - a.visits.length; })
              .forEach(function (stop) {
                var colour = spec.travellers[stop.traveller].colour;
                var n = stop.visits.length, style;
                if (!stop.counted && !stop.hollow) {
                  style = {color: spec.not_a_trip, weight: 1.6, fillColor: "#ffffff", fillOpacity: 0.9,
                           dashArray: "2 3", radius: 5};
                } else if (stop.hollow) {
                  style = {color: colour, weight: 2, fillColor: "#ffffff", fillOpacity: 0.9,
                           dashArray: "3 2", radius: 3 + 3.5 * Math.sqrt(n)};
                } else {
                  style = {color: stop.confidence === "confirmed" ? "#ffffff" : colour, weight: 1.5,
                           fillColor: colour, fillOpacity: stop.confidence === "confirmed" ? 0.95 : 0.4,
                           radius: 3 + 3.5 * Math.sqrt(n)};
                }
                var keys = Object.keys(spec.travellers);
                var offset = stop.shared ? [(keys.indexOf(stop.traveller) * 2 - 1) * 5, 0] : null;
                var marker = new OffsetCircle([stop.lat, stop.lon], L.extend(style, {
                  pane: "travel-stops", offset: offset,
                  className: "stop traveller-" + stop.traveller + " confidence-" + stop.confidence +
                             " iso-" + stop.iso3
                }));
                marker.bindPopup(function () { return stopPopup(stop); }, {maxWidth: 340});
                marker.bindTooltip(function () {
                  var t = el("div");
                  el("strong", t, stop.place);
                  el("div", t, spec.travellers[stop.traveller].label + ": " +
                     stop.visits.map(function (v) { return v.dates; }).join("; "));
                  return t;
                });
                items.push({kind: "stops", traveller: stop.traveller, layer: marker, group: group});
              });
            travel.items = items;
            travel.request(data.requested);
            travel.apply();
            map.fire("atlas:drawn", {legs: data.legs.length, stops: data.stops.length});
          };

          var legend = L.control({position: "bottomleft"});
          legend.onAdd = function () {
            var div = L.DomUtil.create("div", "atlas-legend travel-legend");
            L.DomEvent.disableClickPropagation(div);
            el("h4", div, spec.legend.title);
            function swatch(row, draw) {
              var svgNS = "http://www.w3.org/2000/svg", svg = document.createElementNS(svgNS, "svg");
              svg.setAttribute("width", "26"); svg.setAttribute("height", "12");
              draw(svg, svgNS);
              row.insertBefore(svg, row.firstChild);
            }
            function shape(svg, ns, tag, attrs) {
              var node = document.createElementNS(ns, tag);
              Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
              svg.appendChild(node);
            }
            Object.keys(spec.travellers).forEach(function (key) {
              var t = spec.travellers[key], row = el("div", div, t.label);
              swatch(row, function (svg, ns) {
                shape(svg, ns, "line", {x1: 1, y1: 6, x2: 25, y2: 6, stroke: t.colour, "stroke-width": t.weight});
              });
            });
            spec.legend.styles.forEach(function (s) {
              var row = el("div", div, s[1]);
              swatch(row, function (svg, ns) {
                if (s[0] === "line") {
                  shape(svg, ns, "line", {x1: 1, y1: 6, x2: 25, y2: 6, stroke: "#555", "stroke-width": 2});
                } else if (s[0] === "dashed") {
                  shape(svg, ns, "line", {x1: 1, y1: 6, x2: 14, y2: 6, stroke: "#555", "stroke-width": 2, "stroke-dasharray": "4 3"});
                  shape(svg, ns, "circle", {cx: 20, cy: 6, r: 4, fill: "#fff", stroke: "#555", "stroke-width": 1.5, "stroke-dasharray": "2 1.5"});
                } else if (s[0] === "pale") {
                  shape(svg, ns, "circle", {cx: 13, cy: 6, r: 4.5, fill: "#555", "fill-opacity": 0.4, stroke: "#555", "stroke-width": 1.5});
                } else if (s[0] === "grey") {
                  shape(svg, ns, "circle", {cx: 13, cy: 6, r: 4.5, fill: "#fff", stroke: spec.not_a_trip, "stroke-width": 1.5, "stroke-dasharray": "2 2"});
                } else {
                  shape(svg, ns, "circle", {cx: 6, cy: 6, r: 3, fill: "#555"});
                  shape(svg, ns, "circle", {cx: 18, cy: 6, r: 5.5, fill: "#555"});
                }
              });
            });
            return div;
          };
          legend.addTo(map);
          return travel;
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, toggles: list[TravelToggle]):
        super().__init__()
        self._name = "TravelDrawing"
        self.spec_json = safe_json(_spec())
        self.toggles = [(t.key, t.get_name()) for t in toggles]


class TravelRoutes(MacroElement):
    """The legs and stops of the chosen dates, drawn into their FeatureGroup by TravelDrawing."""

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


def build_travel_map(country_data: str, bounds: tuple[tuple[float, float], tuple[float, float]],
                     asset_base: str) -> folium.Map:
    """The part of the Travels map that never changes with the filters (so it stays mounted)."""
    travel_map = AtlasMap(asset_base, min_zoom=1)
    CountryBase(country_data).add_to(travel_map)
    toggles = [TravelToggle(key, label).add_to(travel_map) for key, label in TOGGLES.items()]
    TravelDrawing(toggles).add_to(travel_map)
    folium.LayerControl(collapsed=False, position="topright").add_to(travel_map)
    travel_map.fit_bounds(bounds)
    return travel_map


def travel_routes(legs: list[Leg], markers: list[StopMarker], requested: dict[str, bool]) -> folium.FeatureGroup:
    """The routes and stops to draw now, as the FeatureGroup streamlit-folium swaps in place."""
    group = folium.FeatureGroup(name="Travels", control=False)
    TravelRoutes(legs, markers, requested).add_to(group)
    return group
