"""`make publish [OUT=publish] [URL=https://atlas.example]`: the atlas as one folder of static files.

Every layer's embed for the latest day (ui/embeds.py's pages, with relative URLs), its pictures
(geo/maps/picture.py), the data downloads of the app's Export menu (CSV and GeoJSON), and an index page
(geo/maps/publish.py), from the store's current version ($ATLAS_DATABASE_URL, else var/atlas.db). URL,
when given, is where the atlas runs: the embeds' "Open in Isolation Atlas" links go there and their
og:image names the picture there; without it they point at the index and name the picture relatively.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no page" warnings of caches used outside one

from geo.maps.embed import ASSETS, TRAVELS_PAGE, TRAVELS_TITLE, EmbedView, alt_text, atomic_write, picture_name, view_title, write_assets  # noqa: E402
from geo.maps.export import countries_csv, countries_geojson, dataset_credits  # noqa: E402
from geo.maps.publish import Entry, index_page, replace_folder  # noqa: E402
from geo.rule.timeline import LATEST  # noqa: E402

PICTURES = {"PNG for social posts": "social", "PNG for print": "print", "SVG": "svg"}


def write(folder: Path, url: str) -> int:
    """The static copy of the current version into FOLDER; returns the version."""
    from ui.data import get_store, load_atlas
    from ui.embeds import embed_assets, embed_layers, render, render_picture, render_travels, travels_embed
    version = get_store().current_version()
    atlas = load_atlas(LATEST)
    credits = dataset_credits(atlas.votes, version, atlas.datasets)
    embeds = folder / "embed"
    write_assets(embeds, embed_assets(), compressed=False)  # a static host compresses as it likes
    entries = []
    for layer in embed_layers():
        view = EmbedView(layer.key)
        app = f"{url}/" if url else "../../index.html"
        atomic_write(embeds / view.path, render(view, version, f"../{ASSETS}", app, url).encode())
        pictures = {}
        for label, kind in PICTURES.items():
            name = f"{layer.key}/{picture_name(LATEST, kind)}"
            atomic_write(embeds / name, render_picture(view, version, kind))
            pictures[label] = f"embed/{name}"
        entries.append(Entry(view_title(layer, LATEST), f"embed/{view.path}",
                             alt_text(layer, layer.legend(atlas.countries), LATEST), pictures))
    atomic_write(embeds / TRAVELS_PAGE, render_travels(version, f"../{ASSETS}", f"{url}/travels" if url
                                                       else "../../index.html").encode())
    entries.append(Entry(TRAVELS_TITLE, f"embed/{TRAVELS_PAGE}", travels_embed("")[1], {}))
    stem = f"isolation-atlas-v{version}"
    downloads = {"Countries (CSV)": f"data/{stem}-countries.csv",
                 "Countries with their shapes (GeoJSON)": f"data/{stem}-countries.geojson"}
    atomic_write(folder / downloads["Countries (CSV)"], countries_csv(atlas.countries, atlas.records, version))
    atomic_write(folder / downloads["Countries with their shapes (GeoJSON)"], countries_geojson(
        atlas.countries, atlas.records, {"dataset_version": version, "as_of": LATEST, "sources": credits}).encode())
    atomic_write(folder / "index.html", index_page(entries, downloads, credits).encode())
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="publish", help="the folder to write (replaced whole)")
    parser.add_argument("--url", default="", help="where the atlas runs, e.g. https://atlas.example")
    arguments = parser.parse_args()
    start = time.perf_counter()
    versions = []
    out = replace_folder(Path(arguments.out), lambda folder: versions.append(write(folder, arguments.url.rstrip("/"))))
    print(f"Published dataset version {versions[0]} to {out} in {time.perf_counter() - start:.0f} s: "
          f"open {out / 'index.html'} or copy the folder to any static host.")


if __name__ == "__main__":
    main()
