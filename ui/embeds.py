"""The embeds of the current data version, built once per version and served under /embed/.

Built when a server starts (ui/warm.py) and again, once, when a request finds the store at a new
version (an apply or a rollback): under a lock file, by whichever process gets there first, into a
folder renamed into place (geo.embed.write_version). Every layer's latest day is built with the
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

from geo.embed import ASSETS, EmbedView, VocabularyLayer, asset_files, embed_page, write_version
from geo.export import country_details, dataset_credits
from geo.timeline import LATEST
from ui.data import get_store, load_atlas, map_layers, map_shapes, snapshot_days

EMBED_ROOT = Path(os.environ.get("ATLAS_EMBED_DIR", Path(__file__).resolve().parents[1] / "var" / "embed"))
PREFIX = "/embed/"
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # kept, but asked again each time: an ETag answers 304 until the data changes
PAGE = re.compile(r"^([a-z0-9_-]+)/(latest|\d{4}-\d{2}-\d{2})\.html$")
_local = threading.Lock()


def embed_layers() -> tuple[VocabularyLayer, ...]:
    """Every layer the overview offers (the atlas's own and the datasets', shipped and saved in
    the current version), each with its embed."""
    return _embed_layers(map_layers())


@lru_cache(maxsize=4)
def _embed_layers(choropleths: tuple) -> tuple[VocabularyLayer, ...]:
    return tuple(VocabularyLayer(c) for c in choropleths)


@lru_cache(maxsize=1)
def _assets() -> dict[str, tuple[str, bytes]]:
    return asset_files(map_shapes())


def render(view: EmbedView, version: int) -> str:
    """One page of VERSION, from the same cached atlas as the app's map of that day."""
    atlas = load_atlas(view.day)
    return embed_page(view, embed_layers(), atlas.countries,
                      country_details(atlas.countries, atlas.records, atlas.datasets),
                      dataset_credits(atlas.votes, version, atlas.datasets), _assets(), PREFIX + ASSETS, "/")


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
            write_version(EMBED_ROOT, version, pages, _assets())
    return version


def ensure_page(path: str) -> None:
    """Build an older day's page of the current version the first time it is asked for."""
    match = PAGE.match(path)
    if not match or match[1] not in {layer.key for layer in embed_layers()}:
        return
    if match[2] != LATEST and match[2] not in snapshot_days():
        return
    version = ensure_current()
    target = EMBED_ROOT / f"v{version}" / path
    if not target.exists():
        with _Lock():
            if not target.exists():
                from geo.embed import atomic_write
                atomic_write(target, render(EmbedView(match[1], match[2]), version).encode())


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
    from geo.embed import alt_text
    layer = next(layer for layer in embed_layers() if layer.key == view.layer)
    atlas = load_atlas(view.day)
    url = app_url.split("?", 1)[0].rstrip("/") + PREFIX + view.path
    return url + (f"?country={view.country}" if view.country else ""), \
        alt_text(layer, layer.legend(atlas.countries), view.day)
