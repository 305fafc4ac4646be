"""`make serve`: nginx from Debian's packages in front of Streamlit workers sharing one store.

Driven as a reader and an operator would: the map through the front, Streamlit's files compressed
and cached, an upload applied on one worker read on another, and stopping the launcher (Ctrl-C or
SIGTERM) stops every process it started and nothing else. The workers share PostgreSQL when
`make test` has set one up ($ATLAS_TEST_POSTGRES_URL, a schema of their own), SQLite otherwise.
"""
from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo.intake.countries import un_members
from geo.storage.store import Store
from geo.vocab import RUSSIA_STANCE
from tests.appserver import ROOT, front, nginx_available, process_cpu_seconds
from tests.databases import POSTGRES_URL, postgres_schema
from tests.mapdriver import drawn_iso3, fill_of, map_frame
from tests.test_browser_upload import HEADER, TOKEN, TURKEY_OPPOSED, apply_upload, open_upload_page, upload_file

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT / "deploy"))
import serve as launcher  # noqa: E402  (deploy/serve.py)


def require_nginx() -> None:
    """Skip, saying why, where nginx cannot be installed; as root on Debian it must be there."""
    if nginx_available():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        pytest.fail("nginx is missing: `make test` installs it as root on Debian (scripts/install_nginx.sh)")
    pytest.skip("make serve needs Debian's nginx, which only root can install: run `make test` as "
                "root on Debian, or `sudo apt-get install nginx` first")


@contextlib.contextmanager
def shared_store(tmp_path: Path):
    """One store for every worker: a PostgreSQL schema when there is a server, else an SQLite file."""
    if POSTGRES_URL:
        with postgres_schema() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'atlas.db'}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_nginx()
    with shared_store(tmp_path_factory.mktemp("serve")) as url, \
            front(workers=2, env={"ATLAS_DATABASE_URL": url, "ATLAS_EDITOR_TOKEN": TOKEN}) as running:
        running.store_url = url
        yield running


def test_the_map_draws_through_the_front(page, page_log, served):
    page.goto(served.url)
    frame = map_frame(page)
    assert not set(un_members()) - set(drawn_iso3(frame)), "some UN members are not drawn"
    assert page_log.blocked == [] and page_log.errors == [], page_log.errors


def console_urls(output: list[str]) -> list[str]:
    return re.findall(r"https?://[^\s/]+", "".join(output))


def test_the_console_shows_one_address_to_open_and_the_token_line_once(served):
    """Workers' own banners ("You can now view your Streamlit app ... URL: ...") go to their logs:
    a person (or a script) reading the console can only open the front."""
    output = "".join(served.output)
    assert console_urls(served.output) == [f"http://localhost:{served.url.rsplit(':', 1)[1]}"], output
    assert "You can now view" not in output and "Streamlit app" not in output
    assert output.count("editor token set by the server's configuration") == 1, output
    for number, worker in enumerate(served.workers, 1):
        log = ROOT / "var" / "serve" / "log" / f"worker-{number}.log"
        assert f"log {log.relative_to(ROOT)}" in output, "the launcher names each worker's log"
        assert worker.rsplit(":", 1)[1] in log.read_text(), "the worker's banner is in its log"


def test_streamlit_files_arrive_compressed_and_are_cached_for_a_year(page, served):
    responses = []
    page.on("response", lambda r: "/static/js/" in r.url and responses.append(r))
    page.goto(served.url)
    map_frame(page)
    assert len(responses) > 10, "the page loaded none of Streamlit's scripts"
    for response in responses:
        headers = response.headers
        assert headers.get("content-encoding") in {"br", "gzip"}, response.url
        assert headers.get("cache-control") == "public, max-age=31536000, immutable", response.url
    # A client that only knows gzip gets gzip, and it unpacks to the file Streamlit ships.
    path = urllib.request.urlparse(responses[0].url).path
    request = urllib.request.Request(served.url + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(response.read())
    from importlib.util import find_spec

    shipped = Path(find_spec("streamlit").origin).parent / "static" / path.lstrip("/")
    assert body == shipped.read_bytes()


def test_each_reader_keeps_one_worker_and_readers_spread_over_workers(served):
    """The cookie nginx sets pins a reader's requests (websocket, uploads) to one worker."""
    seen_cookies = set()
    for _ in range(8):
        with urllib.request.urlopen(served.url + "/", timeout=30) as response:
            cookie = response.headers["Set-Cookie"]
        assert re.match(r"atlas_worker=\w+; Path=/; HttpOnly; SameSite=Lax", cookie), cookie
        seen_cookies.add(cookie)
    assert len(seen_cookies) == 8, "every new reader gets an id of its own"
    request = urllib.request.Request(served.url + "/", headers={"Cookie": "atlas_worker=abc"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Set-Cookie"] is None, "a reader with an id keeps it"
    # Which worker an id goes to is nginx's consistent hash; over many ids both workers get some.
    before = [process_cpu_seconds(pid) for pid in served.pids["worker"]]
    for number in range(100):  # the page itself: a request each worker answers, however fresh
        request = urllib.request.Request(served.url + "/", headers={"Cookie": f"atlas_worker=reader{number}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    used = [process_cpu_seconds(pid) - b for pid, b in zip(served.pids["worker"], before)]
    assert all(seconds > 0 for seconds in used), f"one worker served every reader: CPU {used}"


def test_a_file_uploaded_through_the_front_reaches_the_readers_own_session(page, served):
    """The upload is an HTTP request beside the websocket: both must reach the same worker."""
    for _ in range(3):  # new readers, each pinned to a worker of nginx's choosing
        page.context.clear_cookies()
        open_upload_page(page, served.url)
        upload_file(page, (HEADER + TURKEY_OPPOSED).encode())
        expect(page.get_by_text("All 1 rows are valid.")).to_be_visible(timeout=30000)


def test_an_upload_applied_on_one_worker_shows_on_a_page_served_by_another(page, served):
    """Applied through worker 1's own port, read through worker 2's port and through the front."""
    first, second = served.workers
    page.goto(second)
    assert fill_of(map_frame(page), "TUR") == RUSSIA_STANCE.colour("hedging")
    open_upload_page(page, first)
    upload_file(page, (HEADER + TURKEY_OPPOSED).encode())
    expect(page.get_by_role("heading", name="3. Preview")).to_be_visible(timeout=30000)
    apply_upload(page)
    assert Store(served.store_url).current_version() == 2
    for url in (second, served.url):
        page.goto(url)
        assert fill_of(map_frame(page), "TUR") == RUSSIA_STANCE.colour("opposed"), url


def test_a_dataset_saved_on_one_worker_is_a_layer_on_another_and_through_the_front(page, served):
    """Issue #16's check: saved through worker 1's own port, drawn through worker 2's and the front's."""
    from tests.test_browser_datasets import expect_ports_drawn, save_ports
    save_ports(page, served.workers[0])
    for url in (served.workers[1], served.url):
        page.goto(url)
        expect_ports_drawn(page)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_the_front_stops_every_process_it_started_and_only_those(stop_signal, tmp_path):
    require_nginx()
    bystander = subprocess.Popen(["sleep", "300"])  # in the test's process group, as the launcher is
    try:
        with front(workers=2, env={"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}"}) as running:
            started = running.processes()
            commands = [Path(f"/proc/{pid}/cmdline").read_bytes().decode() for pid in started]
            assert sum("server.py" in c for c in commands) == 2, commands
            assert sum(c.startswith("nginx: master") for c in commands) == 1, commands
            assert sum(c.startswith("nginx: worker") for c in commands) >= 1, commands
            assert {os.getpgid(pid) for pid in started} == {running.pids["worker"][0]}, \
                "the children share one process group of their own"
            assert os.getpgid(running.launcher.pid) != running.pids["worker"][0]
            # No token configured: the one generated is shown once, by whichever worker made it.
            output = "".join(running.output)
            assert output.count("no editor token is configured") == 1, output
            assert len(re.findall(r"^ {8}\S{20,}$", output, re.M)) == 1, output
            assert "generated earlier" not in output and "You can now view" not in output
            runtime = ROOT / "var" / "serve" / f"run-{running.launcher.pid}"
            assert (runtime / "nginx.pid").exists()
            running.launcher.send_signal(stop_signal)
            assert running.launcher.wait(timeout=60) == 0
            assert "stopped nginx and the workers" in "".join(running.output)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and [p for p in started if _alive(p)]:
                time.sleep(0.2)
            assert [p for p in started if _alive(p)] == [], "processes outlived the launcher"
            assert not runtime.exists()
            with pytest.raises(OSError):
                urllib.request.urlopen(running.url + "/_stcore/health", timeout=5)
        assert bystander.poll() is None, "the launcher stopped a process it had not started"
    finally:
        bystander.kill()
        bystander.wait()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_rendered_nginx_config_is_valid_and_names_every_worker(tmp_path):
    require_nginx()
    workers = [launcher.Worker(port, None) for port in (40001, 40002, 40003)]
    config = launcher.write_nginx_config(tmp_path, "127.0.0.1:40000", workers, tmp_path / "static").read_text()
    assert "{{" not in config
    assert [f"server 127.0.0.1:{p};" for p in (40001, 40002, 40003)] == \
        re.findall(r"server 127\.0\.0\.1:\d+;", config)
    assert f"pid {tmp_path}/nginx.pid;" in config and "daemon off;" in config
    check = subprocess.run([launcher.nginx_binary(), "-t", "-p", str(tmp_path), "-c", "nginx.conf",
                            "-e", "stderr"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    assert not any(tmp_path.glob("*.log"))


# --- A front fit for the open internet: headers, limits, HTTPS (docs/serving-security.md) ---

CSP_VIOLATIONS_JS = """
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => {
        (window.top.__csp || window.__csp).push(e.violatedDirective + ' ' + e.blockedURI);
    });
"""


def _get(url: str, headers: dict[str, str] | None = None, source: str | None = None,
         context=None) -> tuple[int, dict[str, str], bytes]:
    """One request; from SOURCE (a loopback address of its own: another client to nginx)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    options = {"context": context} if parts.scheme == "https" else {}
    connection = kind(parts.hostname, parts.port, timeout=30,
                      source_address=(source, 0) if source else None, **options)
    try:
        connection.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                           headers=headers or {})
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, b"" if response.status == 101 else response.read()
    finally:
        connection.close()


def test_every_answer_carries_the_security_headers_and_only_embeds_may_be_framed_elsewhere(served):
    component = "/component/streamlit_folium.st_folium/index.html"
    answers = {path: _get(served.url + path) for path in ("/", "/_stcore/health", "/static/no-such-file.js",
                                                           component, "/embed/no-such-embed.html")}
    for path, (status, headers, _) in answers.items():
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "same-origin", path
        policy = headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, (path, policy)
        assert not re.search(r"https?:|\*\.", policy.replace("frame-ancestors *", "")), \
            f"{path}: the policy allows an outside origin: {policy}"
    app_policy = answers["/"][1]["content-security-policy"]
    assert "frame-ancestors 'self'" in app_policy and answers["/"][1]["x-frame-options"] == "SAMEORIGIN"
    assert "'unsafe-inline'" not in app_policy.split("script-src", 1)[1].split(";")[0], \
        "the app's page allows its one inline script by hash, not every inline script"
    assert "'unsafe-eval'" in answers[component][1]["content-security-policy"], "the map frame evaluates"
    embed = answers["/embed/no-such-embed.html"][1]
    assert "frame-ancestors *" in embed["content-security-policy"] and "x-frame-options" not in embed


def test_the_app_its_map_travels_uploads_and_exports_work_under_the_policy(page, page_log, served):
    """Nothing the app does is refused by its Content-Security-Policy: no violation in any frame."""
    page.context.add_init_script(CSP_VIOLATIONS_JS)  # runs in the map's frames too
    page.goto(served.url)
    frame = map_frame(page)
    assert not set(un_members()) - set(drawn_iso3(frame))
    frame.locator("path.iso-EGY").first.dispatch_event("click")
    expect(page.get_by_role("heading", name="Egypt")).to_be_visible(timeout=30000)
    page.get_by_role("button", name=re.compile("Export")).click()
    for name in ("Map as HTML (works offline)", "Data as CSV"):
        with page.expect_download() as download:
            page.get_by_role("button", name=name).click()
        assert Path(download.value.path()).stat().st_size > 1000, name
    page.keyboard.press("Escape")
    page.get_by_role("link", name=re.compile(r"^travels$", re.I)).click()
    travels = map_frame(page, shapes="path.leg")
    assert travels.locator("path.leg").count() > 10
    page.get_by_role("link", name="Upload data").click()
    expect(page.get_by_role("heading", name="Upload data")).to_be_visible(timeout=45000)
    upload_file(page, (HEADER + TURKEY_OPPOSED).encode())
    expect(page.get_by_text("All 1 rows are valid.")).to_be_visible(timeout=30000)
    violations = page.evaluate("window.__csp")
    refused = [e for e in page_log.errors if "Content Security Policy" in e or "Refused to" in e]
    assert violations == [] and refused == [], (violations, refused)
    assert page_log.errors == [] and page_log.blocked == [], page_log.errors


def _burst(url: str, count: int, source: str, headers: dict[str, str] | None = None) -> list[tuple]:
    """COUNT requests from SOURCE, 16 at a time: (status, headers, body) of each."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(lambda _: _get(url, headers, source), range(count)))


def test_a_burst_from_one_client_is_limited_while_a_reader_still_gets_the_map(page, served):
    """A script at 127.0.0.2 asks for pages, then websockets (new sessions), as fast as it can;
    the reader's browser, at 127.0.0.1, opens the map meanwhile and is never refused."""
    import threading

    answers: list[tuple] = []
    refused_reader: list[str] = []
    page.on("response", lambda r: r.status == 429 and refused_reader.append(r.url))
    hammer = threading.Thread(target=lambda: answers.extend(_burst(served.url + "/", 600, "127.0.0.2")))
    hammer.start()
    page.goto(served.url)
    frame = map_frame(page)
    hammer.join(timeout=120)
    assert not set(un_members()) - set(drawn_iso3(frame)) and refused_reader == []
    statuses = [status for status, _, _ in answers]
    assert statuses.count(429) > 200 and statuses.count(200) >= 100, \
        f"{statuses.count(200)} answered, {statuses.count(429)} refused"
    _, headers, body = next(answer for answer in answers if answer[0] == 429)
    assert body.decode().startswith("Too many requests from your address.")
    assert headers["content-type"].startswith("text/plain") and headers.get("retry-after")
    assert headers.get("x-content-type-options") == "nosniff"
    # New sessions have a limit of their own, far below the pages' (each is a script run).
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Cookie": "atlas_worker=burst"}
    sessions = [status for status, _, _ in _burst(served.url + "/_stcore/stream", 60, "127.0.0.3", upgrade)]
    assert sessions.count(429) >= 30 and sessions.count(101) >= 10, sessions


def test_https_with_a_certificate_and_plain_http_redirected(browser, tmp_path):
    """`make serve CERT=... KEY=...`: a self-signed certificate made here, as an operator would."""
    import ssl

    require_nginx()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    with front(workers=1, env={"ATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.db'}"},
               args=("--cert", str(cert), "--key", str(key))) as running:
        assert running.url.startswith("https://")
        assert console_urls(running.output) == [running.url.replace("127.0.0.1", "localhost")]
        trusting = ssl.create_default_context(cafile=str(cert))
        trusting.check_hostname = False  # the certificate names localhost; we ask 127.0.0.1
        status, headers, _ = _get(running.url + "/", context=trusting)
        assert status == 200 and headers["strict-transport-security"].startswith("max-age=")
        plain = running.url.replace("https://", "http://")
        status, headers, _ = _get(plain + "/?layer=vote", headers={"Host": f"localhost:{running.url.rsplit(':', 1)[1]}"})
        assert status == 301 and headers["location"] == \
            f"https://localhost:{running.url.rsplit(':', 1)[1]}/?layer=vote"
        context = browser.new_context(ignore_https_errors=True)
        try:
            reader = context.new_page()
            reader.goto(running.url)
            assert not set(un_members()) - set(drawn_iso3(map_frame(reader)))
        finally:
            context.close()
