"""`make publish`'s folder: every layer's embed, pictures and data, all by relative URLs, served
by a plain static file server and opened offline."""
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from geo.maps.publish import MARK, replace_folder
from tests.appserver import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The folder scripts/publish.py writes for a throwaway store (about a minute: 60 pictures)."""
    folder = tmp_path_factory.mktemp("publish")
    env = {"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}", "PATH": "/usr/bin:/bin",
           "HOME": str(folder)}
    subprocess.run([sys.executable, "scripts/publish.py", "--out", str(folder / "out")], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=600)
    return folder / "out"


def links(path: Path) -> list[str]:
    return re.findall(r'(?:src|href|content)="([^"]+\.(?:js|css|html|png|svg|csv|geojson)(?:\?[^"]*)?)"',
                      path.read_text(encoding="utf-8"))


def test_the_index_lists_every_layer_s_embed_and_every_link_is_a_file_in_the_folder(published):
    layers = sorted(p.parent.name for p in (published / "embed").glob("*/latest.html"))
    assert len(layers) >= 15 and {"stance", "alignment", "sanctions", "vote"} <= set(layers)
    index = published / "index.html"
    pages = [href for href in links(index) if href.endswith(".html")]
    assert sorted(Path(href).parent.name for href in pages) == layers
    for page in [index, *(published / href for href in pages)]:
        for href in links(page):
            assert not urlsplit(href).scheme and not href.startswith("/"), f"{page.name}: {href} is not relative"
            target = urljoin(page.relative_to(published).as_posix(), href.split("?")[0])
            assert (published / target).is_file(), f"{page}: {href} is missing"
    assert (published / "data").glob("*-countries.csv")


def test_each_embed_names_its_picture_as_its_preview_card(published):
    page = (published / "embed" / "stance" / "latest.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="latest.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    sizes = {name: Image.open(published / "embed" / "stance" / name).size for name in ("latest.png", "latest.print.png")}
    assert sizes == {"latest.png": (1200, 675), "latest.print.png": (2400, 1350)}
    assert (published / "embed" / "stance" / "latest.svg").read_bytes().startswith(b"<?xml")


def test_publish_replaces_only_a_folder_it_made(tmp_path):
    mine = tmp_path / "notes"
    (mine / "keep.txt").parent.mkdir()
    (mine / "keep.txt").write_text("mine")
    with pytest.raises(SystemExit, match="not a folder made by make publish"):
        replace_folder(mine, lambda folder: (folder / "index.html").write_text("new"))
    assert (mine / "keep.txt").read_text() == "mine"
    out = tmp_path / "publish"
    replace_folder(out, lambda folder: (folder / "index.html").write_text("one"))
    replace_folder(out, lambda folder: (folder / "index.html").write_text("two"))
    assert (out / "index.html").read_text() == "two" and (out / MARK).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "publish"], "nothing left beside it"


@pytest.fixture(scope="module")
def static_host(published):
    """The folder behind `python -m http.server`, a plain static file server, on 127.0.0.1."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(published)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import time
    import urllib.request
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(10)


@pytest.mark.browser
def test_every_layer_s_published_embed_draws_its_map_from_a_static_host_offline(published, static_host, page,
                                                                              page_log):
    page.goto(f"{static_host}/index.html")
    hrefs = page.eval_on_selector_all("h2 a", "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(list((published / "embed").glob("*/latest.html")))
    page.goto(f"{static_host}/embed/travels/latest.html")
    page.locator("path.leg").first.wait_for()
    assert page.locator("path.leg").count() >= 25 and page.locator("path.stop").count() >= 25
    for href in [h for h in hrefs if h != "embed/travels/latest.html"]:
        page.goto(f"{static_host}/{href}")
        page.locator("path.leaflet-interactive").first.wait_for()
        filled = page.evaluate("""() => { const o = window.atlasOverview; return Object.keys(o.byIso3)
            .filter(k => (o.byIso3[k][0].options.fillColor || '').startsWith('#')).length; }""")
        assert filled > 150, f"{href}: only {filled} countries filled"
        assert "UN members" in page.locator("table.embed-legend").inner_text()
    assert not page_log.blocked and not page_log.errors
