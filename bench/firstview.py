"""A reader's first view without the browser: the requests a browser makes to the app's servers.

To count how many first views a server can give per second, the clients must cost less than the
server, which Chromium (1 to 2 s of CPU per page) does not. This replays what one real page load
asked of the Streamlit workers: the page, its small HTTP requests (recorded from a browser, minus
Streamlit's own /static/ files, which nginx serves from disk), and the websocket session that runs
the script until Streamlit says the run finished, with the atlas_worker cookie a browser would keep.
It checks that the run sent the map component, so a broken page cannot count as a view.
"""
from __future__ import annotations

import http.cookiejar
import urllib.request
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

MAP_COMPONENT = b"streamlit_folium.st_folium"


def browser_requests(page_urls: list[str], base: str) -> list[str]:
    """The paths a page load asked the app for, as recorded from a browser, without Streamlit's
    hashed frontend files (/static/...) and without the websocket."""
    paths = []
    for url in page_urls:
        if not url.startswith(base):
            continue
        path = url[len(base):] or "/"
        if not path.startswith(("/static/", "/_stcore/stream")) and path not in paths:
            paths.append(path)
    return paths


def first_view(base: str, paths: list[str], timeout: float = 60) -> int:
    """One reader's first view of BASE; returns the bytes of websocket messages received."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    # In a browser's order: the page, then the script run over the websocket, then what the run's
    # elements ask for (the map component's files, which a server offers once a run declared it).
    paths = paths or ["/"]
    with opener.open(base + paths[0], timeout=timeout) as response:
        response.read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in cookies)
    netloc = urlsplit(base).netloc
    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    rerun.rerun_script.page_script_hash = ""
    received, saw_map = 0, False
    with connect(f"ws://{netloc}/_stcore/stream", subprotocols=["streamlit"],
                 additional_headers={"Cookie": cookie} if cookie else None,
                 origin=f"http://{netloc}", max_size=None, open_timeout=timeout) as socket:
        socket.send(rerun.SerializeToString())
        while True:
            data = socket.recv(timeout=timeout)
            received += len(data)
            saw_map = saw_map or MAP_COMPONENT in data
            message = ForwardMsg()
            message.ParseFromString(data)
            if message.WhichOneof("type") == "script_finished":
                break
    if not saw_map:
        raise RuntimeError(f"{base}: the script finished without sending the map")
    for path in paths[1:]:
        with opener.open(base + path, timeout=timeout) as response:
            response.read()
    return received
