"""Cell text reaches the page as typed: Markdown, Streamlit's shortcodes and autolinks stay text."""
import re

import pandas as pd
import pytest

from ui.text import plain, shown_as_typed, visible_controls, with_links

HOSTILE = [":material/home: Home", ":streamlit: and :smile:", "ends in a backslash \\",
           "www.example.org", "mailto:someone@example.org", '=HYPERLINK("http://evil.example/x")',
           "**bold** [click](javascript:alert(4))", "<img src=x onerror=alert(1)>", "a -> b <-> c -- d",
           "&amp; &lt;b&gt;", "$x^2$", ":red[red text]", "# not a heading", "1. not a list"]


def reader_sees(markdown: str) -> str:
    """What the browser shows for our Markdown: each no-op span's character, escapes removed."""
    return re.sub(r"\\(.)", r"\1", re.sub(r":color\[(\\?.)\]\{\}", r"\1", markdown))


def text_pieces(markdown: str) -> list[str]:
    """The separate pieces of text Streamlit's rewrites see: the no-op spans split them."""
    return [reader_sees(piece) for piece in re.split(r":color\[\\?.\]\{\}", markdown)]


@pytest.mark.parametrize("cell", HOSTILE)
def test_plain_markdown_shows_every_hostile_cell_exactly(cell):
    markdown = plain(cell)
    assert reader_sees(markdown) == cell
    assert ":material/" not in markdown, "Streamlit rewrites this before parsing"
    for piece in text_pieces(markdown):
        assert not re.search(r":[\w+-]+:", piece), "a shortcode would become an icon or emoji"
        assert not re.search(r"https?://|www\.|\w@\w", piece, re.IGNORECASE), "would become a link"
        assert not re.search(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)", piece), "would become an arrow"


def test_only_http_and_https_addresses_standing_alone_are_links():
    markdown = with_links("AP, https://apnews.com/a_(b). Also www.example.org, mailto:x@y.org, "
                          '=HYPERLINK("http://evil.example/x") and javascript:alert(1)')
    assert re.findall(r"\]\(<([^>]*)>\)", markdown) == ["https://apnews.com/a_(b)"]


def test_a_source_ending_in_a_backslash_keeps_its_link_and_its_backslash():
    markdown = with_links("http://example.org/a\\")
    assert re.findall(r"\]\(<([^>]*)>\)", markdown) == ["http://example.org/a"]
    assert reader_sees(markdown.replace("](<http://example.org/a>)", "").lstrip("[")) == \
        "http://example.org/a\\"


def test_direction_controls_are_shown_as_codes_so_ecnarf_never_reads_france():
    assert visible_controls("\u202eecnarF") == "[U+202E]ecnarF"
    assert reader_sees(plain("\u2067x\u2069")) == "[U+2067]x[U+2069]"
    table = shown_as_typed(pd.DataFrame({"country": ["\u202eecnarF"], "n": [1]}))
    assert table["country"].tolist() == ["[U+202E]ecnarF"] and table["n"].tolist() == [1]


def test_a_line_break_in_a_cell_cannot_start_a_heading():
    assert reader_sees(plain("Egypt\n# big")) == "Egypt # big"
