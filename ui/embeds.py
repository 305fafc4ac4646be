"""The embeds of the current data version, built once per version and served under /embed/.

Built when a server starts (ui/warm.py) and again, once, when a request finds the store at a new
version (an apply or a rollback): under a lock file, by whichever process gets there first, into a
folder renamed into place (geo.maps.embed.write_version). Every layer's latest day is built with the
version; another day's page is built the first time it is asked for. Under `make run` the
EmbedFiles middleware of server.py serves the files; under `make serve` nginx reads the same
folder (var/embed/current) from disk and asks a worker only for a page not yet built.
"""
from __future__ import annotations

import fcntl
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import anyio
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles

from geo.maps.embed import (ASSETS, TRAVELS_PAGE, EmbedView, VocabularyLayer, asset_files, embed_page,
                       picture_name, served_write, travels_alt_text, travels_page, write_version)
from geo.maps.export import country_details, dataset_credits
from geo.rule.timeline import LATEST
from ui.data import get_store, load_atlas, map_layers, map_shapes, shipped_data, snapshot_days

EMBED_ROOT = Path(os.environ.get("ATLAS_EMBED_DIR", Path(__file__).resolve().parents[1] / "var" / "embed"))
PREFIX = "/embed/"
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # kept, but asked again each time: an ETag answers 304 until the data changes
# A view's files: its page, its pictures (geo/maps/picture.py: the social PNG, which the page names as
# its og:image, the print PNG and the SVG), each built the first time it is asked for.
PAGE = re.compile(r"^([a-z0-9_-]+)/(latest|\d{4}-\d{2}-\d{2})(\.html|\.png|\.print\.png|\.svg)$")
PICTURES = {".png": "social", ".print.png": "print", ".svg": "svg"}
# Where the atlas is published (https://atlas.example): og:image is then an absolute URL, as
# social networks want it; without it the page names its picture relatively.
PUBLIC_URL = os.environ.get("ATLAS_PUBLIC_URL", "").rstrip("/")
_local = threading.Lock()


def embed_layers() -> tuple[VocabularyLayer, ...]:
    """Every layer the overview offers (the atlas's own and the datasets', shipped and saved in
    the current version), each with its embed."""
    return _embed_layers(map_layers())


@lru_cache(maxsize=4)
def _embed_layers(choropleths: tuple) -> tuple[VocabularyLayer, ...]:
    return tuple(VocabularyLayer(c) for c in choropleths)


@lru_cache(maxsize=1)
def embed_assets() -> dict[str, tuple[str, bytes]]:
    return asset_files(map_shapes())


def render(view: EmbedView, version: int, asset_url: str = PREFIX + ASSETS, app_url: str = "/",
           public_url: str = PUBLIC_URL) -> str:
    """One page of VERSION, from the same cached atlas as the app's map of that day. Its picture
    is named absolutely under PUBLIC_URL (the embeds' address, from the site's root) if known."""
    atlas = load_atlas(view.day)
    image = picture_name(view.day, "social")
    return embed_page(view, embed_layers(), atlas.countries, country_details(atlas.countries, atlas.records, atlas.datasets),
                      dataset_credits(atlas.votes, version, atlas.datasets), embed_assets(), asset_url, app_url,
                      f"{public_url}{PREFIX}{view.layer}/{image}" if public_url else image)


def render_travels(version: int, asset_url: str = PREFIX + ASSETS, app_url: str = "/travels") -> str:
    """The Travels embed of VERSION: every shipped stop (data/trips.csv) and its routes, the
    countries named by who visited them as on the Travels page."""
    atlas = load_atlas()
    return travels_page(shipped_data().stops, dict(zip(atlas.countries["iso3"], atlas.countries["visited"])),
                        dataset_credits(atlas.votes, version, atlas.datasets), embed_assets(), asset_url, app_url)


def travels_embed(app_url: str) -> tuple[str, str]:
    """The Travels embed's address (beside the app at APP_URL) and its alt text."""
    from geo.travels.routes import build_legs
    stops = shipped_data().stops
    return app_url.split("?", 1)[0].rsplit("/", 1)[0] + PREFIX + TRAVELS_PAGE, \
        travels_alt_text(stops, build_legs(stops))


def render_picture(view: EmbedView, version: int, kind: str) -> bytes:
    """The picture of VIEW (kind 'social', 'print' or 'svg'), from the same atlas as its page."""
    from geo.maps.picture import FORMATS, view_picture
    atlas = load_atlas(view.day)
    layer = next(layer for layer in embed_layers() if layer.key == view.layer)
    own = tuple(d for d in atlas.datasets if d.key == view.layer)
    credits = dataset_credits(atlas.votes, version, own)
    if own:  # a dataset's picture names its own source, not the atlas's
        credits = [credits[0], credits[-1]]
    picture = view_picture(layer, atlas.countries, view.day, credits,
                           FORMATS["print" if kind == "svg" else kind])  # an SVG gets print's fine lines
    return picture.svg() if kind == "svg" else picture.png()


class _Lock:
    """An exclusive lock file shared by every worker on this machine."""

    def __enter__(self):
        EMBED_ROOT.mkdir(parents=True, exist_ok=True)
        _local.acquire()
        self.handle = open(EMBED_ROOT / ".lock", "w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *_):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        _local.release()


def built_version() -> int | None:
    target = EMBED_ROOT / "current"
    return int(os.readlink(target)[1:]) if target.is_symlink() else None


def ensure_current() -> int:
    """The store's version, with every layer's latest page built for it (once, under the lock)."""
    version = get_store().current_version()
    if built_version() == version:
        return version
    with _Lock():
        if built_version() != version:
            pages = {EmbedView(layer.key).path: render(EmbedView(layer.key), version) for layer in embed_layers()}
            pages[TRAVELS_PAGE] = render_travels(version)
            write_version(EMBED_ROOT, version, pages, embed_assets())
    return version


def ensure_page(path: str) -> Path | None:
    """Build a file of the current version (an older day's page, a picture) the first time it is
    asked for; its path, or None if PATH names no view."""
    match = PAGE.match(path)
    if not match or match[1] not in {layer.key for layer in embed_layers()}:
        return None
    if match[2] != LATEST and match[2] not in snapshot_days():
        return None
    version = ensure_current()
    target = EMBED_ROOT / f"v{version}" / path
    if not target.exists():
        with _Lock():
            if not target.exists():
                view = EmbedView(match[1], match[2])
                kind = PICTURES.get(match[3])
                served_write(target, render_picture(view, version, kind) if kind
                             else render(view, version).encode())
    return target


def picture_bytes(view: EmbedView, kind: str) -> bytes:
    """The view's picture (kind 'social', 'print' or 'svg'), made once per data version."""
    target = ensure_page(f"{view.layer}/{picture_name(view.day, kind)}")
    if target is None:
        raise ValueError(f"There is no map of {view.layer!r} on {view.day}: pick a layer and a day of the slider.")
    return target.read_bytes()


class EmbedFiles:
    """ASGI middleware (server.py): /embed/... answered from var/embed/current, with ETags; the
    content-named assets cached for a year, the pages revalidated. Everything else passes on."""

    def __init__(self, app) -> None:
        self.app = app
        # Compressed here as nginx compresses them under `make serve`: 520 KB become 180 KB.
        self.files = GZipMiddleware(StaticFiles(directory=EMBED_ROOT, check_dir=False, follow_symlink=True),
                                    minimum_size=1024)

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        inner = path[len(PREFIX):]
        if not inner.startswith(ASSETS + "/"):
            await anyio.to_thread.run_sync(ensure_page, inner)
        cache = YEAR if inner.startswith(ASSETS + "/") else REVALIDATE

        async def with_cache(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"cache-control", cache.encode())]
            await send(message)

        await self.files({**scope, "path": "/current/" + inner, "root_path": ""}, receive, with_cache)


def view_embed(view: EmbedView, app_url: str) -> tuple[str, str]:
    """The embed's address for VIEW (beside the app at APP_URL) and its alt text."""
    from geo.maps.embed import alt_text
    layer = next(layer for layer in embed_layers() if layer.key == view.layer)
    atlas = load_atlas(view.day)
    url = app_url.split("?", 1)[0].rstrip("/") + PREFIX + view.path
    return url + (f"?country={view.country}" if view.country else ""), \
        alt_text(layer, layer.legend(atlas.countries), view.day)
