"""The README is a newcomer's two minutes: short, the two commands first, and every link lands."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_readme_is_short_and_opens_with_the_two_commands():
    assert len(README.splitlines()) <= 100
    commands = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()
    assert [line.split()[:2] for line in commands] == [["make", "run"], ["make", "test"]]


def test_every_file_the_readme_and_the_docs_link_to_exists():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text()):
            if target.startswith(("http://", "https://")):
                continue
            assert (page.parent / target).exists(), f"{page.name} links to a missing {target}"


def test_the_picture_is_a_png_of_the_app():
    picture = ROOT / "docs" / "overview.png"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size > 50_000  # a real screenshot, not a placeholder
