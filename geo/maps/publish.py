"""A static copy of the atlas for any web host: every layer's embed, its pictures, the data, an index.

A front-page audience is served by files, not Streamlit workers: `make publish` (scripts/publish.py)
writes one folder that a static host, a CDN or a laptop with no network serves as it is. Every URL in
it is relative (the pages' assets, pictures and links), so the folder works wherever it is copied,
and opened offline. The folder is written beside its final name and swapped in whole.
"""
from __future__ import annotations

import html
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MARK = ".isolation-atlas-publish"  # a folder with this file is one make publish may replace


@dataclass(frozen=True)
class Entry:
    """One embed in the index: its title, its page and pictures (relative paths) and its alt text."""

    title: str
    page: str
    alt: str
    pictures: dict[str, str]  # label -> relative path


def index_page(entries: Sequence[Entry], downloads: dict[str, str], credits: Sequence[str]) -> str:
    """The folder's index.html: each embed with its pictures and alt text, then the data files."""
    def link(href: str, text: str) -> str:
        return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'

    items = "".join(
        f"<li><h2>{link(e.page, e.title)}</h2><p>{html.escape(e.alt)}</p>"
        + ("<p>Pictures: " + " · ".join(link(path, label) for label, path in e.pictures.items()) + "</p>"
           if e.pictures else "") + "</li>"
        for e in entries)
    files = "".join(f"<li>{link(path, label)}</li>" for label, path in downloads.items())
    sources = "".join(f"<li>{html.escape(c)}</li>" for c in credits)
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            "<title>Isolation Atlas: maps to embed</title><style>"
            "body{font:15px/1.4 system-ui,sans-serif;max-width:880px;margin:1em auto;padding:0 1em;color:#222}"
            "h2{font-size:17px;margin:.2em 0}li{margin:.6em 0}a{color:#0b5cad}p{margin:.2em 0}"
            "</style></head><body><h1>Isolation Atlas: maps to embed</h1>"
            f"<p>{html.escape(credits[0])}. Each map is a small page for an iframe "
            "(it tells its parent its height by postMessage), with pictures for social posts and print.</p>"
            f"<ul>{items}</ul><h2>Data</h2><ul>{files}</ul><h2>Sources</h2><ul>{sources}</ul>"
            "</body></html>")


def replace_folder(out: Path, write) -> Path:
    """Call WRITE(folder) on a new folder beside OUT, then put it at OUT whole.

    OUT is replaced only if it is missing, empty or an earlier publish (it holds MARK), so a
    mistyped OUT= never deletes someone's files."""
    out = out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARK).exists():
        raise SystemExit(f"{out} exists and is not a folder made by make publish: choose another OUT= "
                         "or remove it first.")
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write(building)
        (building / MARK).write_text("Written by make publish (scripts/publish.py).\n")
        os.chmod(building, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old.{os.getpid()}")
            os.replace(out, old)
            os.replace(building, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return out
