"""A map as one self-contained HTML file: Leaflet, its CSS and images inlined, so it opens offline.

Journalists publish and archive what they cite; a file that needs this server or a CDN would
break the day either goes away.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import folium

VENDOR_DIR = Path(__file__).resolve().parents[1] / "static" / "vendor"


def _inline_css(css: str, folder: Path) -> str:
    """Leaflet's CSS points at images/*.png; turn each into a data: URL."""
    def data_url(match: re.Match) -> str:
        path = folder / match.group(1)
        if not path.is_file():
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode()
        return f"url(data:image/png;base64,{encoded})"
    return re.sub(r"url\((images/[^)]+\.png)\)", data_url, css)


def standalone_html(atlas_map: folium.Map, title: str, credits: list[str],
                    vendor_dir: Path = VENDOR_DIR) -> str:
    """The map's page with every local asset inlined and its sources written under the map."""
    page = atlas_map.get_root().render()
    for asset in getattr(atlas_map, "default_js", []):
        path = vendor_dir / asset[1].split("/vendor/", 1)[-1]
        script = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        page = page.replace(f'<script src="{asset[1]}"></script>', f"<script>{script}</script>")
    for asset in getattr(atlas_map, "default_css", []):
        path = vendor_dir / asset[1].split("/vendor/", 1)[-1]
        css = _inline_css(path.read_text(encoding="utf-8"), path.parent)
        page = re.sub(rf'<link rel="stylesheet" href="{re.escape(asset[1])}"\s*/?>',
                      lambda _: f"<style>{css}</style>", page)
    footer = "".join(f"<li>{html.escape(line)}</li>" for line in credits)
    page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    return page.replace(
        "</body>",
        f'<footer style="font:12px sans-serif;padding:4px 8px"><ul>{footer}</ul></footer></body>', 1)
