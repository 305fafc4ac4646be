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
