"""A map as one self-contained HTML file: Leaflet, the atlas's modules, CSS and images inlined,
so it opens offline.

Journalists publish and archive what they cite; a file that needs this server or a CDN would
break the day either goes away. The page has the map's title above it and its sources below it;
the map keeps its legend, and a click shows the country's record (overview.js, `details`).
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import folium

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
HINT = "Click a country for its record and source; the layers button (top right) switches layers."
LAYOUT = ("<style>html,body{height:100%;margin:0}body{display:flex;flex-direction:column;"
          "font:14px sans-serif}header{padding:6px 10px}header h1{font-size:18px;margin:0}"
          "header p{margin:2px 0 0;color:#555}.folium-map{flex:1 1 auto;min-height:320px;"
          "height:auto!important}footer{font-size:12px;padding:4px 8px}</style>")


def inline_css(css: str, folder: Path) -> str:
    """Leaflet's CSS points at images/*.png; turn each into a data: URL."""
    def data_url(match: re.Match) -> str:
        path = folder / match.group(1)
        if not path.is_file():
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode()
        return f"url(data:image/png;base64,{encoded})"
    return re.sub(r"url\((images/[^)]+\.png)\)", data_url, css)


def _static_file(url: str, static_dir: Path) -> Path:
    """The file under static/ that an asset URL ('/app/static/atlas/overview.js?v=...') points at."""
    return static_dir / url.split("?", 1)[0].split("/static/", 1)[-1]


def standalone_html(atlas_map: folium.Map, title: str, credits: list[str],
                    static_dir: Path = STATIC_DIR) -> str:
    """The map's page with every local asset inlined, its title above and its sources below."""
    page = atlas_map.get_root().render()
    for asset in getattr(atlas_map, "default_js", []):
        script = _static_file(asset[1], static_dir).read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = page.replace(f'<script src="{asset[1]}"></script>', f"<script>{script}</script>")
    for asset in getattr(atlas_map, "default_css", []):
        path = _static_file(asset[1], static_dir)
        css = inline_css(path.read_text(encoding="utf-8"), path.parent)
        page = re.sub(rf'<link rel="stylesheet" href="{re.escape(asset[1])}"\s*/?>',
                      lambda _: f"<style>{css}</style>", page)
    footer = "".join(f"<li>{html.escape(line)}</li>" for line in credits)
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", LAYOUT + "</head>", 1)
    page = re.sub(r"<body>", lambda _: f"<body><header><h1>{html.escape(title)}</h1><p>{HINT}</p></header>",
                  page, count=1)
    return page.replace("</body>", f"<footer><ul>{footer}</ul></footer></body>", 1)
