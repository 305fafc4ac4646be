"""Starting the real app (`streamlit run`) and driving it in headless Chromium, for browser tests."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import sys
import threading
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
        return process_cpu_seconds(self.process.pid)


def log_path(port: int) -> Path:
    """Where the server on PORT writes its console: pytest's cache folder, else the temp folder."""
    folder = ROOT / ".pytest_cache" if (ROOT / ".pytest_cache").is_dir() else Path(tempfile.gettempdir())
    return folder / f"streamlit-{port}.log"


@contextlib.contextmanager
def serving(script: str = "app.py", env: dict[str, str] | None = None,
            port: int | None = None, network_log: Path | None = None) -> Iterator[Server]:
    """`streamlit run SCRIPT` from the repository on a free port; always stopped afterwards.

    With NETWORK_LOG, every network destination the server tries is written there (tests/netwatch.py).
    """
    port = port or free_port()
    watch = [str(ROOT / "tests" / "netwatch.py"), str(network_log)] if network_log else []
    command = [sys.executable, *watch, "-m", "streamlit", "run", script, "--server.port", str(port),
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
        stop(process, timeout=10)
        log.close()


def stop(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, and SIGKILL if it has not exited after TIMEOUT seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_app(env: dict[str, str] | None = None, port: int | None = None) -> Iterator[str]:
    """The atlas itself, served as `make run` serves it (server.py); yields its URL."""
    with serving("server.py", env, port) as server:
        yield server.url


def is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost",
                           "data:", "blob:", "about:"))


@dataclass
class Front:
    """`make serve` as tests and benches start it: nginx, its workers, and the launcher's pid."""

    url: str
    launcher: subprocess.Popen
    workers: list[str]  # each worker's own URL, for reaching one directly
    pids: dict[str, list[int]]  # "worker" and "nginx": the processes the launcher said it started
    output: list[str]

    def processes(self) -> list[int]:
        """Every process the launcher has started and that still runs (nginx's workers included)."""
        return descendants(self.launcher.pid)

    def cpu_seconds(self, kind: str = "worker") -> float:
        """CPU time used so far by the workers (or by nginx, master and worker processes)."""
        if kind == "nginx":
            pids = [p for p in self.processes() if _command(p).startswith("nginx")]
        else:
            pids = self.pids[kind]
        return sum(process_cpu_seconds(p) for p in pids)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def descendants(pid: int) -> list[int]:
    """Live processes whose parent chain leads to PID (not PID itself)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], {pid}
    while frontier:
        children = {child for child, parent in parents.items() if parent in frontier}
        found += sorted(children)
        frontier = children
    return found


def nginx_available() -> bool:
    return bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


@contextlib.contextmanager
def front(workers: int = 2, env: dict[str, str] | None = None, port: int | None = None,
          timeout: float = 240, args: tuple[str, ...] = ()) -> Iterator[Front]:
    """`deploy/serve.py` (what `make serve` runs) on 127.0.0.1, stopped (SIGTERM) afterwards.
    ARGS are more of its options (--cert, --key: the URL is then https)."""
    port = port or free_port()
    scheme = "https" if "--cert" in args else "http"
    process = subprocess.Popen([sys.executable, "deploy/serve.py", "--workers", str(workers),
                                "--host", "127.0.0.1", "--port", str(port), *args],
                               cwd=ROOT, env={**os.environ, **(env or {})}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while not any("Ctrl-C stops them all" in line for line in output):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("make serve did not start:\n" + "".join(output[-40:]))
            time.sleep(0.2)
        announced = [re.search(r"worker \d+: ([\d.]+:\d+), pid (\d+)", line) for line in output]
        nginx_pid = next(int(m.group(1)) for line in output
                         if (m := re.search(r"by nginx \(pid (\d+)\)", line)))
        found = [m for m in announced if m]
        yield Front(f"{scheme}://127.0.0.1:{port}", process, [f"http://{m.group(1)}" for m in found],
                    {"worker": [int(m.group(2)) for m in found], "nginx": [nginx_pid]}, output)
    finally:
        stop(process, timeout=60)
        reader.join(timeout=5)
