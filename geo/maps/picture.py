"""A picture of one view (a layer and a day) for social posts and print: PNG and SVG.

An article's social card and its print edition need a still image, not a page. It is drawn with
geopandas' plotting (matplotlib, the Agg and SVG backends, no display) from the same layer the
embed shows (geo.maps.embed.EmbedLayer: its spec's colours, its legend's counts and shares of people),
so the picture, the embed and the app agree. The world is drawn in the Equal Earth projection (areas
true, shapes close to what readers know), Antarctica left out; small UN members, which are dots on
the map, are dots here too. Text from the data (a dataset's title) stays text in the SVG, escaped
by matplotlib's writer.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from pyproj import Transformer

from geo.maps.embed import EmbedLayer, day_text, view_title
from geo.rule.shares import Share, percent
from geo.rule.timeline import LATEST

matplotlib.use("Agg")  # no display, whatever else imported pyplot first

PROJECTION = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"
LEFT_OUT = frozenset({"ATA"})  # Antarctica: a fifth of the picture, no data
EDGE = "#6b6b6b"
INK, GREY = "#222222", "#555555"


@dataclass(frozen=True)
class Format:
    """A picture's size: WIDTH x HEIGHT pixels at DPI (the layout is the same in every format)."""

    name: str
    width: int
    height: int
    dpi: int

    @property
    def inches(self) -> tuple[float, float]:
        return self.width / self.dpi, self.height / self.dpi


SOCIAL = Format("social", 1200, 675, 100)  # the size social networks show a link's card at
PRINT = Format("print", 2400, 1350, 200)  # the same layout at twice the pixels
FORMATS = {f.name: f for f in (SOCIAL, PRINT)}


@lru_cache(maxsize=4)
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def project(lon: float, lat: float) -> tuple[float, float]:
    """A point in the picture's projection (what a test needs to find a country's pixel)."""
    return _transformer().transform(lon, lat)


def country_colours(countries: gpd.GeoDataFrame, spec: dict, values: dict[str, list[str]]) -> list[str]:
    """Each country's fill, by the rule of static/atlas/overview.js's category(): the axis's
    subject's colour, else its category's, else 'not a UN member' for a territory, else no data's."""
    by_iso3 = {iso3: value for value, codes in values.items() for iso3 in codes}
    colours = {c["value"]: c["colour"] for c in spec["categories"]}
    subject = spec.get("subject")
    fills = []
    for iso3, member in zip(countries["iso3"], countries["un_member"]):
        if subject and iso3 == subject["iso3"]:
            fills.append(subject["colour"])
        else:
            missing = spec["nodata"] if member else spec.get("not_member", spec["nodata"])
            fills.append(colours.get(by_iso3.get(iso3), missing["colour"]))
    return fills


@dataclass
class Picture:
    """A drawn figure and the axes the map is on: pixel() finds a place in the saved image."""

    figure: Figure
    map_axes: object
    format: Format

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """(column, row) of a place in the saved PNG, counted from its top left corner."""
        x, y = self.map_axes.transData.transform(project(lon, lat))
        return int(x), int(self.format.height - y)

    def png(self) -> bytes:
        out = io.BytesIO()
        FigureCanvasAgg(self.figure).print_png(out, metadata={"Software": None})
        return out.getvalue()

    def svg(self) -> bytes:
        out = io.BytesIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "isolation-atlas"}):
            FigureCanvasSVG(self.figure).print_svg(out, metadata={"Date": None})
        return out.getvalue()


def draw(countries: gpd.GeoDataFrame, fills: Sequence[str], shares: Sequence[Share], title: str,
         as_of: str, source: str, fmt: Format = SOCIAL, unclassed: tuple[str, str] | None = None,
         region: Sequence[Sequence[float]] | None = None) -> Picture:
    """The view as a figure: TITLE and AS_OF above, the map, the legend (SHARES: counts and shares
    of people) on the right, the SOURCE line below. FILLS are the countries' colours, in order;
    UNCLASSED, (colour, label), is the territories' row when one of them is drawn in that colour.
    REGION, ((south, west), (north, east)), is a regional dataset's part of the world, as the live
    map shows it (geo.maps.layers.regional_view); else the world is drawn."""
    figure = Figure(figsize=fmt.inches, dpi=fmt.dpi, facecolor="white")
    shown = countries.assign(fill=list(fills))
    shown = shown[~shown["iso3"].isin(LEFT_OUT)]
    world = shown[shown.geometry.notna() & ~shown.geometry.is_empty].to_crs(PROJECTION)
    axes = figure.add_axes((0.0, 0.12, 0.72, 0.74))
    axes.set_axis_off()
    world.plot(ax=axes, color=world["fill"], edgecolor=EDGE, linewidth=0.25 * 100 / fmt.dpi * 2)
    small = shown[shown["small"] & shown["un_member"]]
    if len(small):
        x, y = _transformer().transform(small["lon"].to_numpy(), small["lat"].to_numpy())
        axes.scatter(x, y, s=9, c=list(small["fill"]), edgecolors="#333333", linewidths=0.4, zorder=3)
    (south, west), (north, east) = region or ((-58, -180), (84, 180))
    left, _, right, _ = _transformer().transform_bounds(west, max(south, -60), east, north)
    axes.set_xlim(left, right)
    axes.set_ylim(project(0, south)[1], project(0, north)[1])
    axes.set_aspect("equal")
    axes.set_anchor("C")
    figure.text(0.015, 0.955, title, fontsize=17, fontweight="bold", color=INK, va="top")
    figure.text(0.015, 0.895, as_of, fontsize=10.5, color=GREY, va="top")
    figure.text(0.015, 0.03, source, fontsize=8, color=GREY, va="bottom", wrap=True)
    shown_unclassed = unclassed if unclassed and (world["fill"] == unclassed[0]).any() else None
    _legend(figure, shares, shown_unclassed)
    return Picture(figure, axes, fmt)


def _swatch(figure: Figure, left: float, y: float, colour: str) -> None:
    figure.patches.append(Rectangle((left, y - 0.013), 0.018, 0.032, transform=figure.transFigure,
                                    facecolor=colour, edgecolor="#777777", linewidth=0.5))


def _legend(figure: Figure, shares: Sequence[Share], unclassed: tuple[str, str] | None = None) -> None:
    """Swatch, label, UN members and share of people, one row per category, right of the map;
    then the territories' row, without counts (they are not members), as the map's legend has."""
    left, top = 0.73, 0.80
    row = min(0.058, 0.66 / max(len(shares) + bool(unclassed), 1))
    figure.text(left, top + 0.03, "UN members · share of people", fontsize=9, color=GREY, va="bottom")
    for i, share in enumerate(shares):
        y = top - i * row
        _swatch(figure, left, y, share.colour)
        label = share.label if len(share.label) <= 27 else share.label[:26] + "…"
        figure.text(left + 0.025, y + 0.003, label, fontsize=9.5, color=INK, va="center")
        figure.text(0.985, y + 0.003, f"{share.members} · {percent(share.population_share)}",
                    fontsize=9.5, color=INK, va="center", ha="right")
    if unclassed:
        y = top - len(shares) * row
        _swatch(figure, left, y, unclassed[0])
        figure.text(left + 0.025, y + 0.003, unclassed[1], fontsize=9.5, color=INK, va="center")


def view_picture(layer: EmbedLayer, countries: gpd.GeoDataFrame, day: str, credits: Sequence[str],
                 fmt: Format = SOCIAL) -> Picture:
    """The picture of LAYER on DAY, with the embed's title and the sources of CREDITS
    (geo.maps.export.dataset_credits: the dataset version first, then the sources)."""
    as_of = ("Data: latest version (2022-23)" if day == LATEST else f"Data as of {day_text(day)}") \
        + f" · {credits[0]}"
    source = "Sources: " + "; ".join(credits[1:3]) + "."
    spec = layer.spec()
    unclassed = (spec["not_member"]["colour"], spec["not_member"]["label"]) if "not_member" in spec else None
    return draw(countries, country_colours(countries, spec, layer.values(countries)),
                layer.legend(countries), view_title(layer, day), as_of, source, fmt, unclassed,
                spec.get("region"))
