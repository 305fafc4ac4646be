"""The README's picture, taken from the real app: `python scripts/readme_picture.py`.

Serves the atlas as `make run` does (on a throwaway store seeded from data/), opens the overview in
headless Chromium at a desktop size, waits for the world map to be drawn and writes
docs/overview.png. Re-run it when the overview changes, so the picture never shows an older app.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402
from tests.mapdriver import map_frame  # noqa: E402

OUT = ROOT / "docs" / "overview.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, \
            running_app({"ATLAS_DATABASE_URL": f"sqlite:///{folder}/atlas.db"}) as url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1250})
        page.goto(f"{url}/?layer=stance")
        map_frame(page)
        page.wait_for_timeout(800)  # the sidebar's last rerun settles
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
