"""Putting data text on a Streamlit page exactly as typed, never as Markdown, HTML or icons.

Streamlit's Markdown does more than Markdown: after parsing it turns ':material/home:' and
':streamlit:' into icons, ':smile:' into an emoji, '->' and '--' into arrows and dashes, and
bare 'www.', e-mail and http addresses into links. Those rewrites work on the parsed text, so a
backslash escape does not stop them. What does is to put one character of each such pattern in a
span of its own (Streamlit's no-op ':color[...]{}' directive): the text reads the same, but no
pattern is whole within one piece of text any more.

Invisible characters are shown as visible codes ('[U+202E]', '[U+200B]'; the list is
geo.intake.countries.HIDDEN): direction controls (U+202A-U+202E, U+2066-U+2069), because stripped,
'ecnarF' would still be shown instead of what was typed, and left in, a right-to-left override
would display it as 'France'; zero-width and other format characters (U+200B-U+200F,
U+2060-U+2064, U+FEFF, U+00AD), because a message quoting 'Fr\u200bance' would otherwise read
'France'. geo.intake.records refuses direction controls in uploaded cells and names the others in a
country cell; this is for every message and table that quotes such a cell.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from geo.intake.countries import show_hidden
from geo.maps.export import table_csv

_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:&]")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# Where Streamlit's rewrites of parsed text could start: a colon before a word or a slash
# (shortcodes, icons, URL schemes), an @ (e-mail), the dot of 'www.', and runs such as '->'.
_REWRITE_STARTS = re.compile(r":(?=[\w+\-/])|@|(?<=www)\.|[-<>~=]{2,}", re.IGNORECASE)
# A web address standing on its own: at the start, after a space or an opening bracket, never
# inside a formula or quotes (=HYPERLINK("http://...") stays text).
_URL = re.compile(r"(?<![^\s(\[<])https?://[^\s<>\"'\\`{}|^\[\]]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?"


def visible_controls(text: object) -> str:
    """Text with each invisible character shown as its code, so nothing reorders what follows
    and nothing to fix is hidden."""
    return show_hidden(text)


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def plain(text: object) -> str:
    """Markdown that shows text exactly as typed: '<img onerror=…>', '[x](javascript:…)',
    ':material/home:', 'www.example.org' and 'a -> b' all appear character for character.
    A line break shows as a space, as in any paragraph, so it cannot start a heading or a list."""
    text = _LINE_BREAK.sub(" ", visible_controls(text))
    out, last = [], 0
    for match in _REWRITE_STARTS.finditer(text):
        out.append(_escape(text[last:match.start()]))
        out.extend(f":color[{_escape(ch)}]{{}}" for ch in match.group())
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _web_address(candidate: str) -> str:
    """The address without the punctuation that ends a sentence or closes a bracket around it."""
    url = candidate
    while url and (url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def with_links(text: object, named_by_site: bool = False) -> str:
    """Like plain(), but an http or https address standing on its own becomes a link. Nothing else
    is clickable: not 'www.' without a scheme, not mailto:, not an address inside a formula."""
    text = visible_controls(text)
    out, last = [], 0
    for match in _URL.finditer(text):
        url = _web_address(match.group())
        host = urlsplit(url).hostname
        if not host:
            continue
        out.append(plain(text[last:match.start()]))
        out.append(f"[{plain(host.removeprefix('www.') if named_by_site else url)}](<{url}>)")
        last = match.start() + len(url)
    out.append(plain(text[last:]))
    return "".join(out)


def source_links(text: object) -> str:
    """with_links() for narrow places (the details panel): each link is named by its site
    ('press.un.org'); the full address is in the link."""
    return with_links(text, named_by_site=True)


def shown_as_typed(table: pd.DataFrame) -> pd.DataFrame:
    """A table for st.dataframe (which draws text, never HTML) with invisible characters visible."""
    text_columns = [c for c in table.columns if table[c].dtype == object]
    if not text_columns:
        return table
    return table.assign(**{c: table[c].map(lambda v: visible_controls(v) if isinstance(v, str) else v)
                           for c in text_columns})


SHOWN_ITEMS = 10


def show_long_list(box: Callable[[str], object], lead: str, items: Sequence[object], what: str,
                   file_name: str, quote: bool = True, shown: int = SHOWN_ITEMS) -> None:
    """One message, lead + ': ' + the first `shown` items and how many more, in box (st.info,
    st.warning...); when the list is cut, the whole of it as a one-column CSV to download.

    For any list a file can make as long as it likes (10,000 ignored columns, unknown names,
    new dates): the message stays a few lines high, and nothing is lost. The CSV is made only when
    the button is pressed, as the page's other long downloads are (ui.upload).
    """
    items = [str(item) for item in items]
    named = ", ".join(f"'{item}'" if quote else item for item in items[:shown])
    more = (f" and {len(items) - shown:,} more (all {len(items):,} {what} are in the download "
            "below)" if len(items) > shown else "")
    box(plain(f"{lead}: {named}{more}."))
    if len(items) > shown:
        st.download_button(f"Download all {len(items):,} {what} (CSV)",
                           lambda: table_csv(pd.DataFrame({what: items})), file_name=file_name,
                           mime="text/csv", key=f"list-{file_name}")
