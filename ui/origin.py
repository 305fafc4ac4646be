"""Cross-site WebSocket connections are refused before Streamlit sees them.

Streamlit lets a WebSocket whose Origin is not its Host through only when the origin is this
machine, and to know the machine's public address it asks checkip.amazonaws.com: an outside call
that blocks the server's event loop for up to 2 s on every such attempt when there is no internet.
The atlas reaches nothing beyond its machine, so this middleware answers those connections itself
(403) and lets Streamlit see only the ones it allows without asking anyone: no Origin (not a
browser), the same origin as the Host, or a local address.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
POLICY_VIOLATION = 1008


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """Whether a WebSocket from ORIGIN to HOST may reach Streamlit without an outside lookup."""
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.netloc == host or (parts.hostname or "") in LOCAL_HOSTS


class SameOriginWebSocket:
    """ASGI middleware (st.App(middleware=...)): a cross-site WebSocket is closed before accept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            headers = {key.lower(): value.decode("latin-1") for key, value in scope["headers"]}
            if not origin_allowed(headers.get(b"origin"), headers.get(b"host")):
                await send({"type": "websocket.close", "code": POLICY_VIOLATION})
                return
        await self.app(scope, receive, send)
