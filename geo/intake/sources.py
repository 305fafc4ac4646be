"""Citations shared by the data, the pages and the exports, and the check that keeps them publishable."""
from __future__ import annotations

import re

PRESSREADER_URL = "https://www.pressreader.com/usa/times-herald/20220729/281552294610141"
ARTICLE = ("Associated Press, 'Isolation complication? US finds it's hard to shun Russia', July 2022 "
           f"(as printed on 29 July 2022: {PRESSREADER_URL})")
"""The source article, by outlet, headline and date."""

WORKING_NOTES = re.compile(r"shared/|seed/|per memory|search pass|stored copy|stored mirror|per brief|"
                           r"\bverify\b|see note|(?-i:NOT read)|do not map|treat as|year source|"
                           r"data/[a-z_]+\.csv", re.IGNORECASE)
"""Words that belong in a researcher's notebook or a repository, not in text a reader sees."""


def working_note(text: str) -> str | None:
    """The first notebook phrase in TEXT (an internal path, 'per memory'...), or None."""
    found = WORKING_NOTES.search(text)
    return found.group() if found else None


# Sites a reader should not be sent to for a fact: copies of others' pages (mirrors, content farms),
# blogs and aggregators, rated "weak host" by the second sourcing pass of 2026-12-03 or found as such.
# A copy may still be named as where a publication was read ("as read at"), when no better copy is
# known; FORBIDDEN_HOSTS (forums, torrents, poster shops) are never shown at all.
WEAK_HOSTS = frozenset({
    "investguiding.com", "jagranjosh.com", "bigmirror.in", "tech-consultingstudies.eu",
    "todaycostarica.com", "armenpogharian.com", "wwdeux.blogspot.com", "naaju.com", "issuhub.com",
    "friendlywiki.com", "askvity.info", "eata.ee", "watchers.ie", "worldsecuritynetwork.com",
    "einpresswire.com", "thepressunited.com", "law.lawstack.com", "books.google.to", "elestimulo.com",
    "elvictoriano.com.ve", "laiguana.tv", "scribd.com", "kids.britannica.com", "pakistanpoint.com",
    "eurasiareview.com", "worldtribune.com", "en.chinagate.cn", "1-e8259.azureedge.net",
    "hessslslslsls.azureedge.net", "gamecytus.netlify.app", "db0nus869y26v.cloudfront.net",
})
FORBIDDEN_HOSTS = frozenset({"thepiratebay33.org", "custommapposter.com", "defence.pk"})
_URL = re.compile(r"https?://([^/\s;,)]+)[^\s;,)]*")


def _host_in(host: str, hosts: frozenset[str]) -> bool:
    host = host.lower().removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in hosts)


def cited_hosts(text: str, hosts: frozenset[str]) -> list[str]:
    """The sites of HOSTS that TEXT links to, in order (e.g. weak or forbidden ones)."""
    return [m.group(1) for m in _URL.finditer(text) if _host_in(m.group(1), hosts)]


def weak_citations(text: str) -> list[str]:
    """Weak sites TEXT cites as sources, not merely as where a publication was read."""
    found = []
    for part in re.split(r" ; |; ", text):
        if "as read at" in part or "read at a copy" in part:
            continue
        found += cited_hosts(part, WEAK_HOSTS)
    return found
