"""The overview map: folium elements that hand data and configuration to static/atlas/overview.js.

The map's behaviour (restyling, selection, keyboard, legend) lives in that JavaScript module,
served like Leaflet and cached by the browser. Python sends the country shapes once, when the map
is mounted, and after that only what the map should show: the values of a day, the layer, the
selected country. So switching a layer, stepping through time or selecting a country restyles the
mounted map instead of rebuilding it. Text from the data reaches the page through textContent.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.map import FitBounds
from jinja2 import Template

from geo.maps.dataset_layers import DatasetLayer
from geo.vocab import (ENGAGEMENT, MOVEMENT, NO_DATA_COLOUR, NO_DATA_LABEL, NOT_MEMBER_COLOUR, RUSSIA_STANCE,
                       SANCTIONS, SUBJECT_COLOUR, UNFRIENDLY, US_ALIGNMENT, US_ALLIANCE, VISITED, VOTE_LAYERS,
                       Vocabulary)

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
ATLAS_CSS = "atlas/atlas.css"
DOM_JS = "atlas/dom.js"  # shared by the maps' modules
OVERVIEW_JS = "atlas/overview.js"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
WORLD_BOUNDS = ((-56, -180), (78, 180))
MAP_HEIGHT = 560

# Every sentence the overview map shows or announces; {layer} is the active layer's title.
MAP_TEXT = {
    "layers": "Map layers",
    "not_member": "Not a UN member state",
    "changed": "Changed by this file",
    "selected": "Selected",
    "chosen": "selected.",
    "enter": "Press Enter to select it.",
    "no_record": "No country record: only the UN votes are known.",
    "describe": "World map coloured by {layer}. Arrow keys move between countries, typing a name "
                "jumps to it, Enter selects, plus and minus zoom. The same data is in the table "
                "under the map; countries can also be found by name.",
    "keys": "World map. Arrow keys move between countries, type a name to jump to it, Enter "
            "selects, plus and minus zoom.",
}


# The sidebar lists the layers in these groups, in this order (layer_group says which is which).
ANSWER_GROUP, INDICATOR_GROUP, VOTE_GROUP, DATASET_GROUP = ("The atlas's answer", "Indicators",
                                                            "UN votes", "Datasets")
LAYER_GROUPS = (ANSWER_GROUP, INDICATOR_GROUP, VOTE_GROUP, DATASET_GROUP)
_ANSWER_KEYS = frozenset({"stance", "alignment", "engaging"})


@dataclass(frozen=True)
class Choropleth:
    """A map layer colouring countries by one vocabulary: the atlas's own categories, or the
    classes of a dataset's column (geo.maps.dataset_layers), which also says each country's value
    on hover (HOVER: ISO3 -> '78.2%'; the title names the year)."""

    key: str
    vocabulary: Vocabulary
    group: str = ""
    hover: Mapping[str, str] | None = field(default=None, compare=False, hash=False)
    # ((south, west), (north, east)) the map shows this layer at, for a regional dataset; else the world.
    region: tuple[tuple[float, float], tuple[float, float]] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.vocabulary.title

    def spec(self) -> dict:
        return {
            "key": self.key,
            "title": self.vocabulary.title,
            "field": self.vocabulary.column,
            "categories": [{"value": c.value, "label": c.label, "colour": c.colour}
                           for c in self.vocabulary.categories],
            "nodata": {"label": NO_DATA_LABEL, "colour": NO_DATA_COLOUR},
            "not_member": {"label": MAP_TEXT["not_member"], "colour": NOT_MEMBER_COLOUR},
            "subject": ({"iso3": self.vocabulary.subject_iso3, "label": self.vocabulary.subject_label,
                         "colour": SUBJECT_COLOUR} if self.vocabulary.subject_iso3 else None),
            **({"hover": dict(self.hover)} if self.hover is not None else {}),
            **({"region": [list(corner) for corner in self.region]} if self.region else {}),
        }


CHOROPLETHS: tuple[Choropleth, ...] = (
    Choropleth("stance", RUSSIA_STANCE),
    Choropleth("alignment", US_ALIGNMENT),
    Choropleth("engaging", ENGAGEMENT),
    Choropleth("sanctions", SANCTIONS),
    Choropleth("unfriendly", UNFRIENDLY),
    Choropleth("alliance", US_ALLIANCE),
    *(Choropleth(vocabulary.column, vocabulary) for vocabulary in VOTE_LAYERS.values()),
    Choropleth("movement", MOVEMENT),
    Choropleth("visited", VISITED),
)
CHOROPLETH_BY_KEY = {c.key: c for c in CHOROPLETHS}


def layer_group(choropleth: Choropleth) -> str:
    """The sidebar group of a layer: the atlas's answer, an indicator, a UN vote or a dataset."""
    if choropleth.group:
        return choropleth.group
    if choropleth.key in _ANSWER_KEYS:
        return ANSWER_GROUP
    votes = choropleth.vocabulary.column.startswith("vote") or choropleth.vocabulary is MOVEMENT
    return VOTE_GROUP if votes else INDICATOR_GROUP


def grouped(choropleths: Iterable[Choropleth]) -> list[Choropleth]:
    """CHOROPLETHS in the order of LAYER_GROUPS, each group in its own order."""
    return sorted(choropleths, key=lambda c: LAYER_GROUPS.index(layer_group(c)))


def dataset_choropleth(layer: DatasetLayer) -> Choropleth:
    """A dataset's layer (geo.maps.dataset_layers) as the map, the legend and the table take it."""
    return Choropleth(layer.key, layer.vocabulary, DATASET_GROUP, layer.hover, regional_view(layer.covered))


# A dataset is regional, and shown at its region rather than on a world mostly "not covered",
# when it covers at most this many countries whose label points fit in this many degrees.
REGIONAL_MAX_COUNTRIES, REGIONAL_MAX_DEGREES = (120, (130, 100))


def regional_view(covered: Iterable[str], points: Mapping[str, tuple[float, float]] | None = None,
                  ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The box ((south, west), (north, east)) around the label points of COVERED (ISO3 -> (lon,
    lat) from the world file by default), with a margin, when they lie in one region (Europe's
    gas, Africa's wheat); None for a dataset of the whole world or of scattered countries."""
    points = label_points() if points is None else points
    found = [points[iso3] for iso3 in set(covered) if iso3 in points]
    if not found or len(found) > REGIONAL_MAX_COUNTRIES:
        return None
    lons, lats = [lon for lon, _ in found], [lat for _, lat in found]
    width, height = max(lons) - min(lons), max(lats) - min(lats)
    if width > REGIONAL_MAX_DEGREES[0] or height > REGIONAL_MAX_DEGREES[1]:
        return None
    margin_x, margin_y = max(5.0, width * 0.1), max(5.0, height * 0.1)  # a country's own extent
    return ((round(max(-85.0, min(lats) - margin_y), 2), round(max(-180.0, min(lons) - margin_x), 2)),
            (round(min(85.0, max(lats) + margin_y), 2), round(min(180.0, max(lons) + margin_x), 2)))


@lru_cache(maxsize=1)
def label_points() -> dict[str, tuple[float, float]]:
    """Each country's label point (lon, lat), as the world file gives it."""
    from geo.intake.io import WORLD_PATH
    features = json.loads(WORLD_PATH.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["iso3"]: (f["properties"]["lon"], f["properties"]["lat"]) for f in features
            if f["properties"].get("iso3") and f["properties"].get("lon") is not None}


def safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element whatever the strings in it contain."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


SHAPES_GLOBAL = "AtlasShapes"


def shapes_script(shapes: str) -> str:
    """The shapes as a script of their own, for a file the browser loads once and caches."""
    return f"window.{SHAPES_GLOBAL}={shapes};\n"


def mount_json(config: dict, shapes: str) -> str:
    """A map module's configuration with the shapes, which are already JSON, spliced in rather
    than parsed and written again."""
    return safe_json(config)[:-1] + ',"shapes":' + shapes + "}"


def shapes_json(world: gpd.GeoDataFrame) -> str:
    """The countries as a compact GeoJSON string: shapes for all, plus a point for small states.

    Each feature carries its name, code and a point inside it ('at', for the keyboard and for
    bringing a country into view). Small UN member states (and Tuvalu, which has no shape at
    1:50m) also get a marker so that every member can be seen and clicked at world scale; small
    dependencies do not, to keep the Caribbean and the Pacific readable.
    """
    features = []
    geometry = json.loads(world.geometry.to_json())["features"]
    for row, shape in zip(world.itertuples(index=False), geometry):
        properties = {"iso3": row.iso3, "name": row.name, "un_member": bool(row.un_member),
                      "at": [row.lat, row.lon]}
        if shape["geometry"] is not None:
            features.append({"type": "Feature", "properties": properties, "geometry": shape["geometry"]})
        if row.small and row.un_member:
            features.append({"type": "Feature", "properties": {**properties, "marker": True},
                             "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]}})
    return safe_json({"type": "FeatureCollection", "features": features})


def layer_values(countries: gpd.GeoDataFrame,
                 choropleths: tuple[Choropleth, ...] = CHOROPLETHS) -> dict[str, dict[str, list[str]]]:
    """Each layer's field as {value: [ISO3, ...]}: what the map needs to colour one day's data."""
    # Plain Python over two lists: pandas' filtering copied every shape of the GeoDataFrame, and
    # 20 embed pages x 20 layers took 26 s at a server's start.
    iso3 = countries["iso3"].tolist()
    values: dict[str, dict[str, list[str]]] = {}
    for column in dict.fromkeys(c.vocabulary.column for c in choropleths):
        groups: dict[str, list[str]] = {}
        for code, value in zip(iso3, countries[column].tolist()):
            if code and value is not None and value == value and value != "":  # NaN != NaN
                groups.setdefault(str(value), []).append(code)
        values[column] = {value: sorted(groups[value]) for value in sorted(groups)}
    return values


@lru_cache(maxsize=None)
def asset_version(path: str) -> str:
    """A digest of static/PATH's content: the asset's URL carries it (?v=...), so a new deploy is
    a new URL and an unchanged file is never fetched again (the server marks such URLs immutable,
    ui/static_cache.py). Read once per process: the files change only with a deploy."""
    return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:16]


def asset_url(base: str, path: str) -> str:
    """URL of static/PATH under BASE, versioned by its content."""
    return f"{base.rstrip('/')}/{path}?v={asset_version(path)}"


class AtlasMap(folium.Map):
    """A folium Map whose Leaflet and atlas modules come from the app's static files, never a CDN."""

    def __init__(self, asset_base: str, modules: Iterable[str] = (), **kwargs):
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
        self.default_js = [(path.rsplit("/", 1)[-1], asset_url(asset_base, path))
                           for path in (LEAFLET_JS, DOM_JS, *modules)]
        self.default_css = [("leaflet_css", asset_url(asset_base, LEAFLET_CSS)),
                            ("atlas_css", asset_url(asset_base, ATLAS_CSS))]


def fit_at_once(bounds, padding: tuple[int, int] | None = None) -> FitBounds:
    """folium's FitBounds without Leaflet's 250 ms zoom from zoom_start: the map opens at its
    final view, so nothing moves under a reader's first click or tap."""
    fit = FitBounds(bounds, padding=padding)
    fit.options["animate"] = False
    return fit


def preload_assets(atlas: AtlasMap) -> AtlasMap:
    """ATLAS with a first script that asks the browser for all its scripts and style sheets at once.

    streamlit-folium loads a map's scripts one after another, each waiting for the last, and its
    style sheets after them: one round trip per file, five on the overview (0.2 s of the map
    frame's load on this machine; README, Performance). The first script is a data: URL, so it
    costs no request; a map saved as a file inlines everything and needs none of this.
    """
    wanted = [["script", url] for _, url in atlas.default_js if not url.startswith("data:")]
    wanted += [["style", url] for _, url in atlas.default_css]
    code = ("(function(){" + json.dumps(wanted) + ".forEach(function(a){var l=document.createElement('link');"
            "l.rel='preload';l.as=a[0];l.href=a[1];document.head.appendChild(l);});})();")
    atlas.default_js = [("atlas_preload", "data:text/javascript," + quote(code, safe="")),
                        *[asset for asset in atlas.default_js if not asset[1].startswith("data:")]]
    return atlas


class OverviewMount(MacroElement):
    """Mounts overview.js on the map: the shapes, every layer's categories, the map's sentences."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasOverview = AtlasOverview.mount({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, config: dict, shapes: str):
        super().__init__()
        self._name = "OverviewMount"
        self.config = mount_json(config, shapes)


class OverviewView(MacroElement):
    """What the mounted map should show now; sent alone, as a FeatureGroup, on later reruns."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        window.atlasOverview.update({{ this.state }});
        {% endmacro %}
    """)

    def __init__(self, state: dict):
        super().__init__()
        self._name = "OverviewView"
        self.state = safe_json(state)


def build_overview_map(shapes: str | None, asset_base: str, choropleths: tuple[Choropleth, ...] = CHOROPLETHS,
                       details: dict | None = None, height: int = MAP_HEIGHT,
                       shapes_url: str | None = None) -> folium.Map:
    """The overview map, the same whatever it shows (so Streamlit keeps it mounted).

    The SHAPES (shapes_json) are written into the map, or, given SHAPES_URL, loaded from that
    script (shapes_script), which the browser caches: the map then carries no geometry at all.
    DETAILS (ISO3 -> title and facts) is for a map that stands alone: a click then shows them.
    """
    if (shapes is None) == (shapes_url is None):
        raise ValueError("give the shapes or the URL of their script, not both")
    atlas = AtlasMap(asset_base, modules=(OVERVIEW_JS,), keyboard=False, min_zoom=0, zoom_snap=0)
    if shapes_url is not None:
        atlas.default_js.append(("atlas_shapes", shapes_url))
        shapes = f"window.{SHAPES_GLOBAL}"
    # Fitted before any shape is added, so Leaflet draws the countries once, not twice, and without
    # folium's 250 ms zoom from zoom_start, so nothing moves under a reader's first click or tap.
    atlas.add_child(fit_at_once(WORLD_BOUNDS, padding=(6, 6)))
    config = {"layers": [c.spec() for c in choropleths], "text": MAP_TEXT, "height": height,
              "standalone": details is not None, "details": details}
    OverviewMount(config, shapes).add_to(atlas)
    return atlas


def overview_state(values: dict, layer_key: str, country: str | None = None, *, reveal: bool = False,
                   changed: Iterable[str] = (), ack: dict | None = None) -> dict:
    """What the map is asked to show. REVEAL brings the country into view (a search, a link);
    CHANGED marks countries (an upload's preview); ACK is the last map event the page has seen."""
    return {"values": values, "layer": layer_key, "country": country, "reveal": reveal,
            "changed": sorted(set(changed)), "ack": ack}


def overview_view(state: dict) -> folium.FeatureGroup:
    """The state as the FeatureGroup streamlit-folium evaluates in the mounted map."""
    group = folium.FeatureGroup(name="View", control=False)
    OverviewView(state).add_to(group)
    return group
