"""The server reaches nothing beyond this machine, at start or while serving (Streamlit would ask
checkip.amazonaws.com for its public address at start unless browser.serverAddress is set)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.appserver import ROOT, serving
from tests.mapdriver import map_frame

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", ""}


def attempts(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def outside(log: Path) -> list[dict]:
    """Attempts whose destination is neither this machine nor a local (unix) socket."""
    found = []
    for attempt in attempts(log):
        target = attempt["target"]
        host = target if isinstance(target, str) else target[0] if target else ""
        if host not in LOCAL_NAMES and not str(host).startswith("/"):
            found.append(attempt)
    return found


def test_the_watch_records_a_lookup_even_when_it_fails(tmp_path):
    log = tmp_path / "net.jsonl"
    probe = "import socket\ntry:\n    socket.getaddrinfo('checkip.amazonaws.com', 80)\nexcept OSError:\n    pass\n"
    (tmp_path / "probe.py").write_text(probe)
    subprocess.run([sys.executable, str(ROOT / "tests" / "netwatch.py"), str(log), "-m", "probe"],
                   cwd=tmp_path, check=True, timeout=60, env={"PYTHONPATH": str(tmp_path)})
    assert [a["target"] for a in outside(log)] == ["checkip.amazonaws.com"]


@pytest.mark.browser
def test_the_server_makes_no_outside_call_at_start_or_while_serving(page, page_log, tmp_path):
    log = tmp_path / "net.jsonl"
    with serving("server.py", network_log=log) as server:
        page.goto(server.url)
        map_frame(page)
        for path, heading in (("/travels", "Lavrov's and Putin's 2022 travels"), ("/upload", "Upload data"),
                              ("/sources", "Sources & method")):
            page.goto(server.url + path)
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=30000)
        page.wait_for_timeout(1000)
    assert outside(log) == [], "the server tried to reach outside this machine"
    assert page_log.blocked == [], "the page tried to reach outside this machine"


def test_a_websocket_from_another_site_is_refused_without_asking_the_internet(tmp_path):
    """Streamlit's own check would ask checkip.amazonaws.com (ui/origin.py); the atlas answers first."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    log = tmp_path / "net.jsonl"
    with serving("server.py", network_log=log) as server:
        stream = server.url.replace("http://", "ws://") + "/_stcore/stream"
        for origin in ("https://evil.example", "http://203.0.113.9"):
            with pytest.raises(InvalidStatus) as refused:
                connect(stream, origin=origin, open_timeout=10).close()
            assert refused.value.response.status_code == 403
        with connect(stream, origin=server.url, open_timeout=10):
            pass  # the page's own origin still connects
    assert outside(log) == [], "a cross-site connection made the server reach outside this machine"


@pytest.mark.parametrize(("origin", "host", "allowed"), [
    (None, "atlas.example.org", True),
    ("https://atlas.example.org:8443", "atlas.example.org:8443", True),
    ("http://localhost:3000", "atlas.example.org", True),
    ("https://evil.example", "atlas.example.org", False),
    ("https://atlas.example.org.evil.example", "atlas.example.org", False),
    ("null", "atlas.example.org", False),
])
def test_only_same_origin_or_local_websockets_reach_streamlit(origin, host, allowed):
    from ui.origin import origin_allowed

    assert origin_allowed(origin, host) is allowed
