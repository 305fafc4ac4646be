"""Cache-Control for the app's static files (static/, served by Streamlit at /app/static/).

Streamlit sends them with an ETag and no Cache-Control, so a browser may keep an old map module
after a deploy or refetch it on a whim. The maps ask for their modules by versioned URLs
(geo.maps.layers.asset_url: ?v=<content digest>) and for their shapes by a content-named file
(static/cache/): both are the same bytes forever, so they are cached for a year, immutable, and a
reload fetches nothing. Any other URL there (an unversioned module, a vendor file asked for by
name) must be revalidated (no-cache: a 304 when unchanged), so it is never stale either.
"""
from __future__ import annotations

from urllib.parse import parse_qs

from ui.origin import ASGIApp, Message, Receive, Scope, Send

STATIC_PREFIX = "/app/static/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(path: str, query: str) -> str | None:
    """The Cache-Control for a request to PATH?QUERY, or None for what is not a static file."""
    at = path.find(STATIC_PREFIX)  # after server.baseUrlPath, if one is set
    if at < 0:
        return None
    rest = path[at + len(STATIC_PREFIX):]
    if rest.startswith("cache/") or parse_qs(query).get("v"):
        return IMMUTABLE
    return REVALIDATE


class StaticCaching:
    """ASGI middleware (st.App(middleware=...)): sets Cache-Control on /app/static/ answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        value = cache_control(scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"))
        if value is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status") in (200, 304):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message = {**message, "headers": [*headers, (b"cache-control", value.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_cache_control)
