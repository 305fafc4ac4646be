"""Starting the real app (`streamlit run`) and driving it in headless Chromium, for browser tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def peak_memory_kib(self) -> int:
        """Peak resident memory of the server process so far (VmHWM), in KiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0


    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_path(port: int) -> Path:
    """Where the server on PORT writes its console: pytest's cache folder, else the temp folder."""
    folder = ROOT / ".pytest_cache" if (ROOT / ".pytest_cache").is_dir() else Path(tempfile.gettempdir())
    return folder / f"streamlit-{port}.log"


@contextlib.contextmanager
def serving(script: str = "app.py", env: dict[str, str] | None = None,
            port: int | None = None) -> Iterator[Server]:
    """`streamlit run SCRIPT` from the repository on a free port; always stopped afterwards."""
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    log = open(log_path(port), "w")
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not answer its health check within 60 s")
            time.sleep(0.3)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def running_app(env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """The atlas itself, served as `make run` serves it; yields its URL."""
    with serving("app.py", env, port) as server:
        yield server.url


def is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost",
                           "data:", "blob:", "about:"))
