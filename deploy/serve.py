"""Serve the atlas to a crowd: nginx in front of N Streamlit workers on one database (`make serve`).

    python deploy/serve.py [--workers N] [--port 8501] [--host 0.0.0.0]

Starts N workers (`streamlit run server.py` on 127.0.0.1, free ports, one shared cookie secret, the
store at $ATLAS_DATABASE_URL), waits until each answers its health check (each builds its caches
first, server.py), then nginx from Debian's package in the foreground with the config rendered from
deploy/nginx.conf.template into a runtime directory of its own (var/serve/run-<pid>: pid file, temp
files). Prints the one URL readers open (nginx's) and the editor token's line once, and waits; each
worker's own console (Streamlit's banner with its internal address) goes to a log file it names. Ctrl-C or SIGTERM stops what it started, and only that: the
workers and nginx share one process group, created for them, and that group is what is stopped.
If any of them dies, the rest are stopped too and the launcher exits non-zero.
"""
from __future__ import annotations

import argparse
import ctypes
import gzip
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
HEADERS_TEMPLATE = Path(__file__).with_name("security-headers.conf.template")
RUNTIME_BASE = ROOT / "var" / "serve"
LOG_DIR = RUNTIME_BASE / "log"
# How a worker's console says where the editor token comes from (ui/editor.announce_editor_token):
# the block with a generated token first, since only the worker that generated it can show it.
TOKEN_NEWS = ("no editor token is configured", "editor token set by", "editor token was generated earlier")
NGINX_MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".txt"}
BROTLI_QUALITY = "9"  # 11 saves another 10 % but takes a minute for Streamlit's 26 MB
START_TIMEOUT_S = 120

# Per-client limits (docs/serving-security.md): generous for a reader, whose first view asks the
# workers for about 40 things at once, and for a few readers behind one NAT; not for a script.
REQUEST_RATE, REQUEST_BURST = "20r/s", 200  # requests reaching a worker
SESSION_RATE, SESSION_BURST = "30r/m", 20  # new websockets (Streamlit sessions)
CONNECTIONS_PER_CLIENT = 64

# Content-Security-Policy: the app's own origin and nothing else. Streamlit's page styles itself
# inline (emotion), fonts and images may be data: URLs, the websocket is the same origin ('self').
# Its one inline script is allowed by its hash (streamlit_inline_script_hashes), not by
# 'unsafe-inline', and it may compile WebAssembly ('wasm-unsafe-eval'). The map's frame (/component/) needs 'unsafe-eval' and inline scripts:
# streamlit-folium evaluates the map's script and each update, and the map's first script is a
# data: URL (geo.maps.layers.preload_assets).
CSP_COMMON = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
              "font-src 'self' data:; connect-src 'self'; frame-src 'self'; worker-src 'self' blob:; "
              "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


@dataclass
class Worker:
    port: int
    process: subprocess.Popen
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        sys.exit("nginx is not installed: run `make serve` as root once (it installs Debian's nginx), "
                 "or sudo apt-get install nginx libnginx-mod-http-brotli-filter "
                 "libnginx-mod-http-brotli-static brotli")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_launcher() -> None:
    """In each child: if the launcher itself is killed (SIGKILL), the child gets SIGTERM."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Launcher:
    """The processes it started, all in one process group of their own."""

    def __init__(self) -> None:
        self.group: int | None = None
        self.processes: list[subprocess.Popen] = []
        self.stop_requested: list[int] = []  # the signals received (Ctrl-C, SIGTERM)

    def request_stop(self, signum: int, _frame) -> None:
        self.stop_requested.append(signum)

    def start(self, command: list[str], env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
        # The first child leads a new process group; the others join it. The group is not the
        # terminal's foreground group, so Ctrl-C reaches the launcher only, which stops the group.
        # With LOG, the child's console (stdout and stderr) goes to that file, not to the terminal.
        output = open(log, "w") if log else None
        try:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                       stdout=output, stderr=subprocess.STDOUT if output else None,
                                       process_group=self.group or 0, preexec_fn=_die_with_launcher)
        finally:
            if output:
                output.close()
        self.group = self.group or process.pid
        self.processes.append(process)
        return process

    def exited(self) -> subprocess.Popen | None:
        return next((p for p in self.processes if p.poll() is not None), None)

    def stop(self) -> None:
        if self.group is None:
            return
        for sig, grace in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.group, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(p.poll() is None for p in self.processes):
                time.sleep(0.1)
            if not _group_alive(self.group):
                break
        for process in self.processes:
            process.wait()
        self.group = None


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


def wait_healthy(url: str, launcher: Launcher, what: str) -> None:
    context = None
    if url.startswith("https:"):  # our own front, by address: its certificate names the public host
        import ssl

        context = ssl._create_unverified_context()
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if launcher.stop_requested:
            raise RuntimeError("stopped before it was ready")
        dead = launcher.exited()
        if dead is not None:
            raise RuntimeError(f"{what}: a process exited during start ({dead.args[0]}, "
                               f"code {dead.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer its health check within {START_TIMEOUT_S} s")


def editor_token_news(logs: list[Path]) -> str:
    """What the workers said about the editor token, once: the block that shows a generated token
    if a worker generated one, else the first worker's line (they all say the same)."""
    texts = [log.read_text(errors="replace") if log.exists() else "" for log in logs]
    for news in TOKEN_NEWS:
        for text in texts:
            at = text.find(news)
            if at < 0:
                continue
            start = text.rfind("\n", 0, at) + 1
            if news == TOKEN_NEWS[0]:  # the block ends at its blank line after the last sentence
                end = text.find("\n\n", text.find("To choose your own", at))
            else:
                end = text.find("\n", at)
            return text[start:end if end >= 0 else None].rstrip()
    return ""


def precompressed_static() -> Path:
    """Streamlit's frontend files with .gz and .br beside each (links to the originals), once per
    Streamlit version, for nginx's gzip_static and brotli_static."""
    from importlib.metadata import version
    from importlib.util import find_spec

    source = Path(find_spec("streamlit").origin).parent / "static"
    target = RUNTIME_BASE / f"static-{version('streamlit')}"
    if (target / ".complete").exists():
        return target
    building = target.with_name(target.name + f".building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    files = [p for p in source.rglob("*") if p.is_file()]
    for path in files:
        link = building / path.relative_to(source)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    brotli = shutil.which("brotli")

    def compress(path: Path) -> None:
        out = building / path.relative_to(source)
        data = path.read_bytes()
        out.with_name(out.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        if brotli:
            subprocess.run([brotli, "-q", BROTLI_QUALITY, "-o", f"{out}.br", str(path)], check=True)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(compress, [p for p in files if p.suffix in COMPRESSIBLE]))
    (building / ".complete").touch()
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return target


@dataclass(frozen=True)
class Tls:
    """A certificate and its key (PEM files): the front then speaks HTTPS, and plain HTTP redirects."""

    cert: Path
    key: Path
    http_port: int | None = None  # also listen for plain HTTP here, only to redirect


def streamlit_inline_script_hashes() -> list[str]:
    """CSP sources ('sha256-...') for the inline scripts of Streamlit's page, as shipped."""
    import base64
    import hashlib
    from importlib.util import find_spec

    page = (Path(find_spec("streamlit").origin).parent / "static" / "index.html").read_text()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"
            for code in scripts]


def content_security_policies() -> dict[str, str]:
    """The three policies nginx chooses from by URL: the app, the map's frame, the embeds."""
    # 'wasm-unsafe-eval' lets Streamlit's page compile its WebAssembly (seen as a violation
    # otherwise, tests/test_serve.py); it allows no JavaScript eval.
    app = f"script-src 'self' 'wasm-unsafe-eval' {' '.join(streamlit_inline_script_hashes())}".rstrip()
    return {
        "csp_app": f"{CSP_COMMON}; {app}; frame-ancestors 'self'",
        "csp_component": f"{CSP_COMMON}; script-src 'self' 'unsafe-inline' 'unsafe-eval' data:; "
                         "frame-ancestors 'self'",
        "csp_embed": f"{CSP_COMMON}; script-src 'self' 'unsafe-inline'; frame-ancestors *",
    }


def _render(template: Path, fields: dict[str, str]) -> str:
    text = template.read_text()
    missing = set(re.findall(r"\{\{ (\w+) \}\}", text)) - set(fields)
    if missing:
        raise KeyError(f"{template.name}: no value for {sorted(missing)}")
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: fields[m.group(1)], text)


def nginx_config(runtime: Path, listen: str, workers: list[Worker], static_root: Path,
                 tls: Tls | None = None) -> str:
    brotli = all((NGINX_MODULES / m).exists() for m in BROTLI_MODULES)
    user = ""
    if os.geteuid() == 0:  # the Streamlit workers run as whoever started this; so do nginx's
        import grp
        import pwd

        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    tls_lines = redirect_server = ""
    if tls:
        tls_lines = (f"        ssl_certificate {tls.cert};\n"
                     f"        ssl_certificate_key {tls.key};\n"
                     "        ssl_protocols TLSv1.2 TLSv1.3;\n"
                     "        ssl_session_cache shared:atlas_tls:10m;\n"
                     "        # Plain HTTP sent to this port (nginx's 497) is sent on to HTTPS.\n"
                     "        error_page 497 =301 https://$http_host$request_uri;")
        if tls.http_port:
            host = listen.rsplit(":", 1)[0]
            port = listen.rsplit(":", 1)[1]
            redirect_server = ("    server {  # plain HTTP: only a redirect to HTTPS\n"
                               f"        listen {host}:{tls.http_port};\n"
                               f"        return 301 https://$host{'' if port == '443' else ':' + port}"
                               "$request_uri;\n    }")
    fields = {
        "user": user,
        "load_modules": "\n".join(f"load_module {NGINX_MODULES / m};" for m in BROTLI_MODULES)
                        if brotli else "# no brotli modules installed: gzip only",
        "runtime": str(runtime),
        "mime_types": str(MIME_TYPES),
        "listen": listen,
        "listen_ssl": " ssl" if tls else "",
        "tls": tls_lines,
        "http_redirect_server": redirect_server,
        "static_root": str(static_root),
        "map_data_dir": str(ROOT / "static" / "cache"),
        "embed_dir": os.environ.get("ATLAS_EMBED_DIR", str(ROOT / "var" / "embed")),  # ui/embeds.py
        "upstream_servers": "\n".join(f"        server 127.0.0.1:{w.port};" for w in workers),
        "brotli": ("    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 1024;\n"
                   "    brotli_types text/css text/plain text/csv text/javascript application/javascript\n"
                   "                 application/json application/geo+json image/svg+xml;")
                  if brotli else "",
        "brotli_static": "            brotli_static on;" if brotli else "",
        "request_rate": REQUEST_RATE, "request_burst": str(REQUEST_BURST),
        "session_rate": SESSION_RATE, "session_burst": str(SESSION_BURST),
        "connections_per_client": str(CONNECTIONS_PER_CLIENT),
        **content_security_policies(),
    }
    return _render(TEMPLATE, fields)


def security_headers(tls: Tls | None = None) -> str:
    """security-headers.conf, which nginx.conf includes: with HTTPS, browsers are told to keep it."""
    hsts = 'add_header Strict-Transport-Security "max-age=31536000" always;' if tls else ""
    return _render(HEADERS_TEMPLATE, {"hsts": hsts})


def write_nginx_config(runtime: Path, listen: str, workers: list[Worker], static_root: Path,
                       tls: Tls | None = None) -> Path:
    """nginx.conf and the file it includes, in RUNTIME; returns nginx.conf's path."""
    (runtime / "security-headers.conf").write_text(security_headers(tls))
    config = runtime / "nginx.conf"
    config.write_text(nginx_config(runtime, listen, workers, static_root, tls))
    return config


def serve(workers_count: int, host: str, port: int, tls: Tls | None = None) -> int:
    nginx = nginx_binary()
    if not os.environ.get("ATLAS_DATABASE_URL"):
        print("Isolation Atlas: ATLAS_DATABASE_URL is not set, so the workers share the SQLite file "
              "var/atlas.db (one machine only). `make serve` sets up a local PostgreSQL as root.",
              file=sys.stderr)
    static_root = precompressed_static()
    runtime = RUNTIME_BASE / f"run-{os.getpid()}"
    runtime.mkdir(parents=True, exist_ok=True)
    launcher = Launcher()
    signal.signal(signal.SIGINT, launcher.request_stop)
    signal.signal(signal.SIGTERM, launcher.request_stop)
    env = {**os.environ,
           # One secret for all workers: a cookie signed by one is valid on the others.
           "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
                                             or secrets.token_hex(32)}
    try:
        workers = []
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for number in range(1, workers_count + 1):
            worker_port = free_port()
            command = [sys.executable, "-m", "streamlit", "run", "server.py",
                       "--server.address", "127.0.0.1", "--server.port", str(worker_port),
                       "--server.headless", "true", "--server.fileWatcherType", "none"]
            log = LOG_DIR / f"worker-{number}.log"
            workers.append(Worker(worker_port, launcher.start(command, env, log), log))
        for number, worker in enumerate(workers, 1):
            wait_healthy(worker.url, launcher, f"worker {number}")
        listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        write_nginx_config(runtime, listen, workers, static_root, tls)
        launcher.start([nginx, "-p", str(runtime), "-c", "nginx.conf", "-e", "stderr"], env)
        shown_host = "localhost" if host in ("0.0.0.0", "::", "127.0.0.1") else host
        scheme = "https" if tls else "http"
        local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        wait_healthy(f"{scheme}://{local}:{port}", launcher, "nginx")
        news = editor_token_news([w.log for w in workers])
        if news:
            print(news, flush=True)
        redirect = (f" (plain HTTP on port {tls.http_port} and on {port} is redirected to it)"
                    if tls and tls.http_port else " (plain HTTP to that port is redirected)" if tls else "")
        print(f"\n  Isolation Atlas is served at {scheme}://{shown_host}:{port}/ by nginx "
              f"(pid {launcher.processes[-1].pid}){redirect}. Open that address.", flush=True)
        print(f"  Behind it, {len(workers)} Streamlit worker{'s' if len(workers) > 1 else ''} "
              "on internal addresses (not for readers), each with its console in a log:", flush=True)
        for number, worker in enumerate(workers, 1):
            print(f"    worker {number}: 127.0.0.1:{worker.port}, pid {worker.process.pid}, "
                  f"log {worker.log.relative_to(ROOT)}", flush=True)
        print(f"  Process group {launcher.group}; Ctrl-C stops them all.\n", flush=True)
        while not launcher.stop_requested:
            dead = launcher.exited()
            if dead is not None:
                logs = [f" (its log: {w.log.relative_to(ROOT)})" for w in workers if w.process is dead]
                print(f"Isolation Atlas: {dead.args[0]} (pid {dead.pid}) exited with code "
                      f"{dead.returncode}{''.join(logs)}; stopping the others.", file=sys.stderr, flush=True)
                return 1
            time.sleep(0.2)
        return 0
    except RuntimeError as error:
        print(f"Isolation Atlas: could not start: {error}. The workers' consoles are in "
              f"{LOG_DIR.relative_to(ROOT)}/.", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        launcher.stop()
        shutil.rmtree(runtime, ignore_errors=True)
        print("Isolation Atlas: stopped nginx and the workers.", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Streamlit worker processes (default: one per core)")
    parser.add_argument("--host", default="0.0.0.0", help="address nginx listens on (default: all)")
    parser.add_argument("--port", type=int, default=8501, help="port nginx listens on (default: 8501)")
    parser.add_argument("--cert", default=os.environ.get("ATLAS_TLS_CERT") or None,
                        help="TLS certificate (PEM, full chain): serve HTTPS (or $ATLAS_TLS_CERT)")
    parser.add_argument("--key", default=os.environ.get("ATLAS_TLS_KEY") or None,
                        help="its private key (PEM), with --cert (or $ATLAS_TLS_KEY)")
    parser.add_argument("--http-port", type=int, default=None,
                        help="with --cert: also listen for plain HTTP on this port, to redirect")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    sys.exit(serve(args.workers, args.host, args.port, tls_from(parser, args.cert, args.key, args.http_port)))


def tls_from(parser: argparse.ArgumentParser, cert: str | None, key: str | None,
             http_port: int | None) -> Tls | None:
    """The TLS files asked for, checked: both or neither, and readable."""
    if not cert and not key:
        if http_port:
            parser.error("--http-port only redirects to HTTPS: give --cert and --key too")
        return None
    if not (cert and key):
        parser.error("HTTPS needs both a certificate and its key: give CERT=... and KEY=... "
                     "(or --cert and --key)")
    paths = Path(cert).resolve(), Path(key).resolve()
    for path in paths:
        if not os.access(path, os.R_OK) or not path.is_file():
            parser.error(f"{path} cannot be read: give the path of a PEM file this user can read")
    return Tls(*paths, http_port)


if __name__ == "__main__":
    main()
