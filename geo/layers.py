"""The overview map's folium elements, one small class per map element.

The world geometry is sent to the browser once. Each choropleth is a named base layer in Leaflet's
layer control; choosing one restyles the shared country shapes in the browser (no Streamlit rerun,
no repeated geometry). Every text that reaches the page is put there with textContent, so text
from a CSV is shown, never run.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from geo.vocab import (ENGAGEMENT, NO_DATA_COLOUR, NO_DATA_LABEL, RUSSIA_STANCE, SUBJECT_COLOUR,
                       UN_VOTE, UN_VOTE_ES11_3, UN_VOTE_ES11_4, US_ALIGNMENT, VISITED, Vocabulary)

LEAFLET_JS = "leaflet/leaflet.js"
LEAFLET_CSS = "leaflet/leaflet.css"
WORLD_BOUNDS = ((-56, -180), (78, 180))


@dataclass(frozen=True)
class Choropleth:
    """A map layer colouring countries by one vocabulary."""

    key: str
    vocabulary: Vocabulary

    @property
    def name(self) -> str:
        return self.vocabulary.title

    def spec(self) -> dict:
        return {
            "title": self.vocabulary.title,
            "field": self.vocabulary.column,
            "categories": [{"value": c.value, "label": c.label, "colour": c.colour}
                           for c in self.vocabulary.categories],
            "nodata": {"label": NO_DATA_LABEL, "colour": NO_DATA_COLOUR},
            "subject": ({"iso3": self.vocabulary.subject_iso3, "label": self.vocabulary.subject_label,
                         "colour": SUBJECT_COLOUR} if self.vocabulary.subject_iso3 else None),
        }


CHOROPLETHS: tuple[Choropleth, ...] = (
    Choropleth("stance", RUSSIA_STANCE),
    Choropleth("alignment", US_ALIGNMENT),
    Choropleth("engaging", ENGAGEMENT),
    Choropleth("vote", UN_VOTE),
    Choropleth("vote_es11_3", UN_VOTE_ES11_3),
    Choropleth("vote_es11_4", UN_VOTE_ES11_4),
    Choropleth("visited", VISITED),
)
CHOROPLETH_BY_KEY = {c.key: c for c in CHOROPLETHS}


def safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element whatever the strings in it contain."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def features_json(countries: gpd.GeoDataFrame, fields: tuple[str, ...]) -> str:
    """The countries as a compact GeoJSON string: shapes for all, plus a point for small states.

    Small UN member states (and Tuvalu, which has no shape at 1:50m) also get a marker so that
    every member can be seen and clicked at world scale; small dependencies do not, to keep the
    Caribbean and the Pacific readable.
    """
    features = []
    keep = ("iso3", "name", "un_member", *fields)
    geometry = json.loads(countries.geometry.to_json())["features"]
    for row, shape in zip(countries.itertuples(index=False), geometry):
        properties = {k: getattr(row, k) for k in keep}
        if shape["geometry"] is not None:
            features.append({"type": "Feature", "properties": properties, "geometry": shape["geometry"]})
        if row.small and row.un_member:
            features.append({"type": "Feature", "properties": {**properties, "marker": True},
                             "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]}})
    return safe_json({"type": "FeatureCollection", "features": features})


class AtlasMap(folium.Map):
    """A folium Map whose Leaflet comes from the app's own static files, never a CDN."""

    def __init__(self, asset_base: str, **kwargs):
        kwargs.setdefault("tiles", None)
        kwargs.setdefault("location", (25, 15))
        kwargs.setdefault("zoom_start", 2)
        kwargs.setdefault("min_zoom", 1)
        kwargs.setdefault("max_zoom", 8)
        kwargs.setdefault("world_copy_jump", False)
        kwargs.setdefault("control_scale", False)
        kwargs.setdefault("zoom_snap", 0.25)
        kwargs.setdefault("zoom_delta", 0.5)
        super().__init__(**kwargs)
        base = asset_base.rstrip("/")
        self.default_js = [("leaflet", f"{base}/{LEAFLET_JS}")]
        self.default_css = [("leaflet_css", f"{base}/{LEAFLET_CSS}")]


class ChoroplethLayer(folium.map.Layer):
    """An entry in the layer control; choosing it recolours the shared CountryShapes."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        {% endmacro %}
    """)

    def __init__(self, choropleth: Choropleth, show: bool = False):
        super().__init__(name=choropleth.name, overlay=False, control=True, show=show)
        self._name = "ChoroplethLayer"
        self.choropleth = choropleth


class CountryShapes(MacroElement):
    """Every country drawn once, styled by whichever ChoroplethLayer is active, with a legend."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .atlas-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; font: 12px/1.4 sans-serif;
                          border-radius: 4px; box-shadow: 0 0 4px rgba(0,0,0,0.3); max-width: 220px; }
          .atlas-legend h4 { margin: 0 0 4px; font-size: 12px; }
          .atlas-legend .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                                  vertical-align: -2px; border: 1px solid #777; }
          .leaflet-container { background: #eef3f7; }
          .leaflet-control-layers { font: 12px/1.5 sans-serif; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
          var specs = {{ this.specs_json }};
          var active = {{ this.active_json }};
          var selected = null;
          function isSubject(spec, props) { return spec.subject && spec.subject.iso3 === props.iso3; }
          function colourOf(props) {
            var spec = specs[active], value = props[spec.field];
            if (isSubject(spec, props)) { return spec.subject.colour; }
            for (var i = 0; i < spec.categories.length; i++) {
              if (spec.categories[i].value === value) { return spec.categories[i].colour; }
            }
            return spec.nodata.colour;
          }
          function labelOf(props) {
            var spec = specs[active], value = props[spec.field];
            if (isSubject(spec, props)) { return spec.subject.label; }
            for (var i = 0; i < spec.categories.length; i++) {
              if (spec.categories[i].value === value) { return spec.categories[i].label; }
            }
            return props.un_member || spec.field.indexOf("vote") !== 0 ? spec.nodata.label : "Not a UN member state";
          }
          function style(feature) {
            var p = feature.properties;
            return {fillColor: colourOf(p), fillOpacity: p.marker ? 0.95 : 0.85,
                    color: p.marker ? "#333" : "#6b6b6b", weight: p.marker ? 1 : 0.6,
                    className: "country iso-" + (p.iso3 || "none") + (p.marker ? " marker" : "")};
          }
          function tooltip(layer) {
            var p = layer.feature.properties, box = document.createElement("div");
            var title = document.createElement("strong");
            title.textContent = p.name;
            box.appendChild(title);
            box.appendChild(document.createElement("br"));
            box.appendChild(document.createTextNode(specs[active].title + ": " + labelOf(p)));
            return box;
          }
          var shapes = L.geoJSON({{ this.data if this.data else "null" }}, {
            style: style,
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, {radius: 5}); },
            onEachFeature: function (feature, layer) {
              layer.bindTooltip(tooltip, {sticky: true});
              layer.on("click", function () {
                if (selected) { shapes.resetStyle(selected); }
                selected = layer;
                layer.setStyle({weight: 2.5, color: "#111"});
                if (!feature.properties.marker) { layer.bringToBack(); }
              });
            }
          }).addTo(map);
          {% if this.data_url %}
          // The shapes come as a file of their own: cached by the browser, compressed on the way,
          // and not inside the page's websocket message. Clicks reach the map's listeners through
          // the shapes' group, which exists from the start.
          fetch({{ this.data_url_json }}).then(function (response) { return response.json(); })
            .then(function (data) { shapes.addData(data); });
          {% endif %}

          var legend = L.control({position: "bottomleft"});
          legend.onAdd = function () {
            this._div = L.DomUtil.create("div", "atlas-legend");
            L.DomEvent.disableClickPropagation(this._div);
            this.update();
            return this._div;
          };
          legend.update = function () {
            var spec = specs[active], div = this._div;
            div.textContent = "";
            var h = document.createElement("h4");
            h.textContent = spec.title;
            div.appendChild(h);
            spec.categories.concat(spec.subject ? [spec.subject] : [], [spec.nodata]).forEach(function (c) {
              var row = document.createElement("div"), sw = document.createElement("span");
              sw.className = "swatch";
              sw.style.background = c.colour;
              row.appendChild(sw);
              row.appendChild(document.createTextNode(c.label));
              div.appendChild(row);
            });
          };
          legend.addTo(map);

          function describe() {  // what a screen reader announces for the map
            map.getContainer().setAttribute("role", "region");
            map.getContainer().setAttribute("aria-label", "World map coloured by " + specs[active].title +
              ". The same data is in the table under the map; countries can also be chosen by name.");
          }
          describe();
          map.on("baselayerchange", function (e) {
            if (!(e.name in specs)) { return; }
            active = e.name;
            shapes.setStyle(style);
            if (selected) { selected.setStyle({weight: 2.5, color: "#111"}); }
            legend.update();
            describe();
          });
          return shapes;
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: str, choropleths: tuple[Choropleth, ...], active: Choropleth,
                 data_url: str | None = None):
        super().__init__()
        self._name = "CountryShapes"
        self.data = None if data_url else data
        self.data_url = data_url
        self.data_url_json = safe_json(data_url)
        self.specs_json = safe_json({c.name: c.spec() for c in choropleths})
        self.active_json = safe_json(active.name)


def build_overview_map(data: str, active_key: str, asset_base: str,
                       choropleths: tuple[Choropleth, ...] = CHOROPLETHS,
                       data_url: str | None = None) -> folium.Map:
    """The overview map: one shared set of country shapes, one layer-control entry per choropleth.

    With DATA_URL the map loads its shapes (DATA, served there) from that URL instead of carrying
    them in its script.
    """
    active = CHOROPLETH_BY_KEY.get(active_key, choropleths[0])
    atlas = AtlasMap(asset_base)
    # Fitted before any shape is added, so Leaflet draws the countries once, not twice.
    atlas.fit_bounds(WORLD_BOUNDS)
    for choropleth in choropleths:
        ChoroplethLayer(choropleth, show=choropleth == active).add_to(atlas)
    CountryShapes(data, choropleths, active, data_url).add_to(atlas)
    # Collapsed to an icon (top right) so it hides no country; it opens on hover, click or focus.
    folium.LayerControl(collapsed=True, position="topright").add_to(atlas)
    return atlas
