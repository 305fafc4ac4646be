"""Putting data text on a Streamlit page as text, never as Markdown or HTML."""
from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")


def plain(text: object) -> str:
    """Escape every Markdown character so a cell like '<img onerror=…>' or '[x](javascript:…)' shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def with_links(text: object) -> str:
    """Like plain(), but web addresses become links (only http/https: nothing else is clickable)."""
    text = str(text)
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(plain(text[last:match.start()]))
        url = match.group().rstrip(".,;")
        out.append(f"[{plain(url)}]({url})")
        last = match.start() + len(url)
    out.append(plain(text[last:]))
    return "".join(out)


def source_links(text: object) -> str:
    """A source as escaped text whose web addresses are links named by their site ('press.un.org').

    For narrow places (the details panel): the full address is in the link, the text stays short.
    """
    text = str(text)
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(plain(text[last:match.start()]))
        url = match.group().rstrip(".,;")
        host = url.split("/")[2].removeprefix("www.")
        out.append(f"[{plain(host)}]({url})")
        last = match.start() + len(url)
    out.append(plain(text[last:]))
    return "".join(out)
