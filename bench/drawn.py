"""When a map is drawn, measured inside the page rather than by polling from Playwright.

Playwright's own waits poll with a back-off (0, 20, 50, 100, 100, 500 ms, then every 500 ms), so
a map that appears 290 ms after its iframe is seen at 770 ms and one that appears at 220 ms is
seen at 270 ms: the wait measured its schedule, not the apps. Here a script added to the page
checks every animation frame and keeps the first one in which the map's iframe has its height
and holds the shapes: the frame a person first sees the map in, timed from navigation start.
"""
from __future__ import annotations

from playwright.sync_api import Page

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"

# Runs in every document of the page; only the top one watches.
_WATCH_JS = """
(() => {
  if (window !== window.top) { return; }
  const frameSelector = %s;
  const watch = () => {
    const want = window.__mapWanted;
    const iframe = document.querySelector(frameSelector);
    if (want && iframe && iframe.getBoundingClientRect().height > 0) {
      let doc = null;
      try { doc = iframe.contentDocument; } catch (e) { doc = null; }
      if (doc && doc.querySelectorAll(want.shapes).length >= want.count) {
        window.__mapDrawnAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();
""" % repr(MAP_FRAME)


DRAWN = "window.__mapDrawnAt !== undefined"
"""True in the page once the watcher has seen the map (for wait_for_function, sync or async)."""
DRAWN_AT_MS = "window.__mapDrawnAt"
"""Milliseconds from navigation start to that frame."""


def watch_js(shapes: str, count: int = 1) -> str:
    """The script to add to a page (before it navigates): COUNT shapes matching SHAPES = drawn."""
    return f"window.__mapWanted = {{shapes: {shapes!r}, count: {count}}};" + _WATCH_JS


def prepare(page: Page, shapes: str, count: int = 1) -> None:
    page.add_init_script(watch_js(shapes, count))


def seconds_to_map(page: Page, timeout_s: float = 90) -> float:
    """Seconds from navigation start to the first frame showing the map (after page.goto)."""
    page.wait_for_function(DRAWN, timeout=timeout_s * 1000, polling=100)
    return page.evaluate(DRAWN_AT_MS) / 1000
