"""An embed: one view of the atlas (a layer, a day, optionally a country) as a small static page.

Readers of an article see the atlas in an iframe, mostly on a phone; Streamlit's front end is
1.26 MB before the map, a static page is the map alone. The page is the app's own overview map
(geo.maps.layers.build_overview_map and static/atlas/overview.js over the vendored Leaflet), so the
embed and the app cannot disagree, plus a title, the legend with counts and shares of people
(geo.rule.shares), the as-of date, the sources, alt text computed from the data, and a link to the
same view in the app. Its scripts, styles and shapes are files named by their content, so a
browser or a CDN may keep them for a year; only the small page itself changes with the data.

A layer is anything with the EmbedLayer interface; geo.maps.layers.Choropleth gives it through
VocabularyLayer, and a numeric dataset layer needs only the same four members.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd

from geo.maps.export import TRIPS_CREDIT
from geo.maps.layers import (ATLAS_CSS, DOM_JS, LEAFLET_CSS, LEAFLET_JS, OVERVIEW_JS, SHAPES_GLOBAL, Choropleth,
                        build_overview_map, layer_values, overview_state, overview_view, shapes_script)
from geo.travels.route_layers import TOGGLES, TRAVELS_JS, build_travel_map, travel_routes
from geo.travels.routes import HOME, Leg, Stop, build_legs, countries_visited, stop_markers, trip_bounds
from geo.rule.shares import Share, layer_shares, percent
from geo.maps.standalone import STATIC_DIR, inline_css
from geo.rule.timeline import LATEST
from geo.vocab import TRAVELLER, VISIT_COUNTED

EMBED_JS = "atlas/embed.js"
ASSETS = "assets"  # the folder of content-named files, beside the pages
APP_LINK = "Open in Isolation Atlas"


class EmbedLayer(Protocol):
    """What the embed builder needs of a layer (a numeric dataset layer plugs in here)."""

    key: str

    @property
    def name(self) -> str: ...

    def spec(self) -> dict:
        """The layer as overview.js colours it: key, title, field, categories, no data."""

    def values(self, countries: pd.DataFrame) -> dict[str, list[str]]:
        """{value: [ISO3, ...]} of the spec's field for one day's countries."""

    def legend(self, countries: pd.DataFrame) -> list[Share]:
        """The legend's rows, each with its members and people (geo.rule.shares)."""


@dataclass(frozen=True)
class VocabularyLayer:
    """A built-in categorical layer (geo.maps.layers.Choropleth) as an EmbedLayer."""

    choropleth: Choropleth

    @property
    def key(self) -> str:
        return self.choropleth.key

    @property
    def name(self) -> str:
        return self.choropleth.name

    def spec(self) -> dict:
        return self.choropleth.spec()

    def values(self, countries: pd.DataFrame) -> dict[str, list[str]]:
        return layer_values(countries, (self.choropleth,))[self.choropleth.vocabulary.column]

    def legend(self, countries: pd.DataFrame) -> list[Share]:
        return layer_shares(countries, self.choropleth.vocabulary)


@dataclass(frozen=True)
class EmbedView:
    """Which view an embed shows; COUNTRY is selected (and brought into view) when given."""

    layer: str
    day: str = LATEST
    country: str | None = None

    def app_query(self) -> str:
        """The app's URL query for the same view (the app keeps its view in the URL, ui/share.py)."""
        return urlencode({k: v for k, v in (("layer", self.layer), ("day", None if self.day == LATEST else self.day),
                                            ("country", self.country)) if v})

    @property
    def path(self) -> str:
        """The page's path under the embed folder: one page per layer and day."""
        return f"{self.layer}/{self.day}.html"


def picture_name(day: str, kind: str) -> str:
    """A view's picture beside its page: 'latest.png' (social), 'latest.print.png', 'latest.svg'."""
    return f"{day}." + {"social": "png", "print": "print.png", "svg": "svg"}[kind]


def content_name(path: str, data: bytes) -> str:
    """'atlas/overview.js' -> 'overview.3f2a9c1b7d.js': a new content is a new name."""
    stem, _, ext = Path(path).name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.{ext}"


def asset_files(shapes: str, static_dir: Path = STATIC_DIR) -> dict[str, tuple[str, bytes]]:
    """Every file an embed loads: {static path: (content name, bytes)}. Leaflet's images are
    inlined into its CSS, so the style sheet needs no folder beside it."""
    files: dict[str, bytes] = {}
    for path in (LEAFLET_JS, DOM_JS, OVERVIEW_JS, TRAVELS_JS, EMBED_JS):
        files[path] = (static_dir / path).read_bytes()
    for path in (LEAFLET_CSS, ATLAS_CSS):
        source = static_dir / path
        files[path] = inline_css(source.read_text(encoding="utf-8"), source.parent).encode()
    files["shapes.js"] = shapes_script(shapes).encode()
    return {path: (content_name(path, data), data) for path, data in files.items()}


def write_assets(folder: Path, assets: dict[str, tuple[str, bytes]], compressed: bool = True) -> None:
    """Each asset under FOLDER/assets/ by its content name (written once: a name never changes),
    with its gzipped copy beside it unless not COMPRESSED (served_write)."""
    target = folder / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, data in assets.values():
        if not (target / name).exists():
            (served_write if compressed else atomic_write)(target / name, data)


COMPRESSIBLE = (".html", ".js", ".css", ".svg")


def served_write(path: Path, data: bytes) -> None:
    """PATH (atomic_write), and for text a gzipped copy PATH.gz written first, which nginx sends as
    it is (gzip_static) instead of compressing 250 KB again for every reader."""
    if path.suffix in COMPRESSIBLE:
        atomic_write(path.with_name(path.name + ".gz"), gzip.compress(data, 9, mtime=0))
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes) -> None:
    """PATH whole or not at all, so a reader (or nginx) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def view_title(layer: EmbedLayer, day: str) -> str:
    return f"{layer.name}, " + ("latest data" if day == LATEST else f"as of {day_text(day)}")


def day_text(day: str) -> str:
    """'2022-10-12' -> '12 October 2022'."""
    stamp = pd.Timestamp(day)
    return f"{stamp.day} {stamp:%B %Y}"


def alt_text(layer: EmbedLayer, shares: Sequence[Share], day: str) -> str:
    """What a screen reader says for the map, computed from the legend's own counts:
    'World map of the 193 UN members coloured by relation to Russia, latest data (2022-23): 49
    opposed (15% of the world's people), ...'."""
    members = sum(s.members for s in shares)
    when = "latest data (2022-23)" if day == LATEST else f"as of {day_text(day)}"
    parts = [f"{s.members} {s.label[:1].lower() + s.label[1:]} ({percent(s.population_share)} of the "
             "world's people)" for s in shares if s.members]
    return (f"World map of the {members} UN members coloured by {layer.name[:1].lower() + layer.name[1:]}, "
            f"{when}: " + "; ".join(parts) + ".")


LAYOUT = """<style>
html,body{margin:0;padding:0;height:auto;background:#fff}
body{font:14px/1.35 system-ui,sans-serif;color:#222}
.embed-head{padding:8px 10px 4px}.embed-head h1{font-size:17px;margin:0}
.embed-head p{margin:2px 0 0;color:#555;font-size:12px}
.folium-map{position:relative!important;width:100%!important;height:auto!important;aspect-ratio:16/10;
 min-height:260px;max-height:560px}
@media (max-width:600px){.folium-map{aspect-ratio:1/1}}
.embed-legend{border-collapse:collapse;margin:6px 10px;font-size:12px}
.embed-legend td,.embed-legend th{padding:1px 6px 1px 0;text-align:left}.embed-legend .n{text-align:right}
.embed-legend i{display:inline-block;width:12px;height:12px;border:1px solid #777;vertical-align:-2px}
.embed-foot{font-size:11px;color:#555;padding:2px 10px 8px}.embed-foot a{color:#0b5cad}
.embed-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
</style>"""


def legend_table(shares: Sequence[Share]) -> str:
    """The legend with counts and shares of people, as escaped HTML."""
    rows = "".join(
        f'<tr><td><i style="background:{html.escape(s.colour)}"></i> {html.escape(s.label)}</td>'
        f'<td class="n">{s.members}</td><td class="n">{html.escape(percent(s.population_share))}</td></tr>'
        for s in shares)
    return ('<table class="embed-legend"><thead><tr><th scope="col">Category</th>'
            '<th scope="col" class="n">UN members</th><th scope="col" class="n">Share of people</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


def embed_page(view: EmbedView, layers: Sequence[EmbedLayer], countries: gpd.GeoDataFrame,
               details: dict, credits: Sequence[str], assets: dict[str, tuple[str, bytes]],
               asset_url: str, app_url: str, image_url: str | None = None) -> str:
    """The embed's HTML. ASSET_URL is where the content-named files are ('/embed/assets', or
    '../assets' in a published folder); APP_URL is the app ('/'); DETAILS is what a tap shows
    (geo.maps.export.country_details); CREDITS are the sources (geo.maps.export.dataset_credits)."""
    by_key = {layer.key: layer for layer in layers}
    layer = by_key[view.layer]
    shares = layer.legend(countries)
    title, alt = view_title(layer, view.day), alt_text(layer, shares, view.day)
    atlas = build_overview_map(None, "/app/static", choropleths=tuple(layers), details=details,
                               shapes_url="/app/static/shapes.js")
    values = {l.spec()["field"]: l.values(countries) for l in layers}
    overview_view(overview_state(values, view.layer, view.country, reveal=bool(view.country))).add_to(atlas)
    as_of = "Data: latest version" if view.day == LATEST else f"Data as of {day_text(view.day)}"
    return framed_page(atlas, title, alt, f"{as_of} · {credits[0]}", legend_table(shares), credits[1:3],
                       f"{app_url}?{view.app_query()}", assets, asset_url, image_url)


def framed_page(folium_map, title: str, alt: str, subtitle: str, legend: str, sources: Sequence[str],
                link: str, assets: dict[str, tuple[str, bytes]], asset_url: str,
                image_url: str | None = None) -> str:
    """A rendered map as an embed: its assets by their content names under ASSET_URL, the title,
    SUBTITLE (as-of and version), the alt text (description, og: tags and the map's
    aria-describedby), LEGEND (escaped HTML), the SOURCES, the link to the app and embed.js."""
    page = folium_map.get_root().render()
    base = asset_url.rstrip("/")
    for path, (name, _) in assets.items():  # the app's URL may carry its version (?v=): the copy's name does
        page = re.sub(rf'"/app/static/{re.escape(path)}(?:\?v=[0-9a-f]+)?"', f'"{base}/{name}"', page)
    if "/app/static/" in page:
        raise ValueError("an asset of the map has no content-named copy")
    meta = [f"<title>{html.escape(title)} · Isolation Atlas</title>",
            '<link rel="icon" href="data:,">',  # no /favicon.ico request, which would reach a worker
            f'<meta name="description" content="{html.escape(alt)}">',
            f'<meta property="og:title" content="{html.escape(title)}">',
            f'<meta property="og:description" content="{html.escape(alt)}">']
    if image_url:  # the social picture (geo/maps/picture.py): a shared link shows it as its card
        meta += [f'<meta property="og:image" content="{html.escape(image_url)}">',
                 '<meta property="og:image:width" content="1200">',
                 '<meta property="og:image:height" content="675">',
                 f'<meta property="og:image:alt" content="{html.escape(alt)}">',
                 '<meta name="twitter:card" content="summary_large_image">',
                 f'<meta name="twitter:image" content="{html.escape(image_url)}">']
    head = "".join(meta) + LAYOUT
    page = page.replace("<head>", '<head><meta charset="utf-8">', 1).replace("</head>", head + "</head>", 1)
    header = (f'<header class="embed-head"><h1>{html.escape(title)}</h1>'
              f"<p>{html.escape(subtitle)}</p></header>"
              f'<p class="embed-sr" id="embed-alt">{html.escape(alt)}</p>')
    footer = (legend + '<footer class="embed-foot"><p>Sources: ' + html.escape("; ".join(sources)) + ". "
              + f'<a class="embed-open" href="{html.escape(link)}" target="_blank" rel="noopener">{APP_LINK}</a>'
              "</p></footer>")
    page = re.sub(r"<body>", lambda _: "<body>" + header, page, count=1)
    page = page.replace('<div class="folium-map"', '<div class="folium-map" aria-describedby="embed-alt"', 1)
    page = page.replace("</body>", footer + "</body>", 1)
    script = f'<script src="{base}/{assets[EMBED_JS][0]}"></script>'
    return page.replace("</html>", script + "</html>", 1)


TRAVELS_PAGE = "travels/latest.html"  # beside the layers' folders: no layer is called 'travels'
TRAVELS_TITLE = "Lavrov's and Putin's 2022 travels"


def travels_alt_text(stops: Sequence[Stop], legs: Sequence[Leg]) -> str:
    """What a screen reader says for the Travels map, counted as the Travels page counts
    (geo.travels.routes): 'World map of Lavrov's and Putin's travels abroad: 40 trips, 70 stops in 45
    countries, from 12 January 2022 to 15 December 2022 (Lavrov: 30 trips, ...; Putin: ...).'"""
    counted = [s for s in stops if s.confidence in VISIT_COUNTED]

    def figures(chosen: Sequence[Stop], chosen_legs: Sequence[Leg]) -> str:
        trips = sum(leg.origin is HOME and leg.destination.confidence in VISIT_COUNTED for leg in chosen_legs)
        countries = len(countries_visited(chosen))
        return (f"{trips} trip{'s' * (trips != 1)}, {len(chosen)} stop{'s' * (len(chosen) != 1)} in "
                f"{countries} countr{'ies' if countries != 1 else 'y'}")

    if not counted:
        return "World map of Lavrov's and Putin's travels abroad: no stop is recorded."
    first, last = min(s.date_start for s in counted), max(s.date_end for s in counted)
    each = "; ".join(f"{TRAVELLER.label(t)}: " + figures([s for s in counted if s.traveller == t],
                                                        [leg for leg in legs if leg.traveller == t])
                     for t in TRAVELLER.values if any(s.traveller == t for s in counted))
    return (f"World map of Lavrov's and Putin's travels abroad: {figures(counted, legs)}, from "
            f"{day_text(first.isoformat())} to {day_text(last.isoformat())} ({each}). Routes start and "
            "end in Moscow; unverified, cancelled and at-home stops are drawn but not counted.")


def travels_page(stops: Sequence[Stop], visited: dict[str, str], credits: Sequence[str],
                 assets: dict[str, tuple[str, bytes]], asset_url: str, app_url: str) -> str:
    """The Travels map (geo.travels.route_layers and static/atlas/travels.js, as on the Travels page) of
    every stop and leg of STOPS, as an embed; APP_URL is the app's Travels page."""
    legs = build_legs(list(stops))
    travel_map = build_travel_map(f"window.{SHAPES_GLOBAL}", visited, trip_bounds(list(stops)), "/app/static")
    travel_map.default_js.append(("atlas_shapes", "/app/static/shapes.js"))
    travel_routes(legs, stop_markers(list(stops)), {key: True for key in TOGGLES}).add_to(travel_map)
    return framed_page(travel_map, TRAVELS_TITLE, travels_alt_text(stops, legs), credits[0], "",
                       [credits[1], TRIPS_CREDIT], app_url, assets, asset_url)


def write_version(root: Path, version: int, pages: dict[str, str],
                  assets: dict[str, tuple[str, bytes]]) -> Path:
    """Every page of one data version under ROOT/v<VERSION>/, then ROOT/current pointed at it.

    The folder is written beside its final name and renamed into place, and the link swapped by a
    rename, so a server (or nginx reading ROOT/current) sees the old version or the new one, whole.
    """
    final = root / f"v{version}"
    if not final.is_dir():
        building = Path(tempfile.mkdtemp(dir=root, prefix=f".v{version}."))
        write_assets(building, assets)
        for path, page in pages.items():
            served_write(building / path, page.encode())
        os.chmod(building, 0o755)
        try:
            os.replace(building, final)
        except OSError:  # another process finished the same version first
            import shutil
            shutil.rmtree(building, ignore_errors=True)
    link = root / f".current.{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(final.name)
    os.replace(link, root / "current")
    return final
