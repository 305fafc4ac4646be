"""Sources a reader can trust: no shipped fact cites a weak site, and none is a forum, torrent or shop."""
import csv
from pathlib import Path

import pytest

from geo.intake.sources import FORBIDDEN_HOSTS, cited_hosts, weak_citations

DATA = Path(__file__).resolve().parents[1] / "data"
SHIPPED = sorted(p for p in DATA.rglob("*.csv"))


def cells(path: Path):
    with path.open(newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            for column, value in row.items():
                yield line, column, value or ""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_shipped_text_links_to_a_forum_a_torrent_or_a_poster_shop(path):
    found = [(line, column, cited_hosts(value, FORBIDDEN_HOSTS)) for line, column, value in cells(path)
             if cited_hosts(value, FORBIDDEN_HOSTS)]
    assert found == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_shipped_source_cites_a_weak_site_except_as_where_a_publication_was_read(path):
    found = [(line, weak_citations(value)) for line, column, value in cells(path)
             if column in ("source", "sources") and weak_citations(value)]
    assert found == []


def test_the_check_knows_a_weak_citation_from_a_copy_of_a_named_publication():
    assert weak_citations("https://www.jagranjosh.com/general-knowledge/nato") == ["www.jagranjosh.com"]
    assert weak_citations("Wikipedia, 'Major non-NATO ally', as read at https://friendlywiki.com/x") == []
    assert cited_hosts("see https://investguiding-com.custommapposter.com/a", FORBIDDEN_HOSTS)


def test_facts_the_sources_disagree_on_say_so():
    with (DATA / "indicators.csv").open() as f:
        notes = {(r["iso3"], r["value"]): r["note"] for r in csv.DictReader(f) if r["indicator"] == "us_alliance"}
    assert "1996 by statute, or 2002" in notes[("NZL", "mnna")]
    assert "does not recognise it" in notes[("VEN", "none")]
    assert "asked in March 2020 to interrupt it" in notes[("URY", "rio_treaty")]
