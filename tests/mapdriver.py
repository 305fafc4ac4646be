"""What a person does with the map, for browser tests: wait for it, read it, click it."""
from __future__ import annotations

import time

from playwright.sync_api import Frame, Page

from tests.appserver import MAP_FRAME


def map_frame(page: Page, timeout: float = 45) -> Frame:
    """The streamlit-folium iframe, once Leaflet has drawn country shapes in it."""
    page.locator(MAP_FRAME).first.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url and frame.locator("path.country").count() > 0:
                return frame
        time.sleep(0.1)
    raise AssertionError("the map never drew any country")


def drawn_iso3(frame: Frame, selector: str = "path.country") -> dict[str, int]:
    """ISO3 code -> number of shapes drawn for it (class 'iso-XXX' on each SVG path)."""
    return frame.evaluate("""(selector) => {
        const counts = {};
        document.querySelectorAll(selector).forEach(p => {
            const cls = [...p.classList].find(c => c.startsWith('iso-'));
            if (cls) counts[cls.slice(4)] = (counts[cls.slice(4)] || 0) + 1;
        });
        return counts;
    }""", selector)


def fill_of(frame: Frame, iso3: str) -> str:
    """The fill colour a person sees on a country's (first) shape."""
    return frame.locator(f"path.iso-{iso3}").first.get_attribute("fill")


def legend_text(frame: Frame) -> str:
    return frame.locator(".atlas-legend").inner_text()


def choose_layer(frame: Frame, name: str) -> None:
    """Pick a layer in the map's own layer control."""
    frame.locator(".leaflet-control-layers label", has_text=name).first.click()


def visible_point(frame: Frame, selector: str) -> tuple[float, float]:
    """A point on the page where the element matched by selector is what a click would hit."""
    point = frame.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        if (!el) return null;
        const box = el.getBoundingClientRect();
        const steps = 24;
        const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
        const candidates = [];
        for (let i = 0; i <= steps; i++) for (let j = 0; j <= steps; j++) {
            const x = box.left + box.width * i / steps, y = box.top + box.height * j / steps;
            candidates.push([Math.hypot(x - cx, y - cy), x, y]);
        }
        candidates.sort((a, b) => a[0] - b[0]);
        for (const [, x, y] of candidates) {
            if (document.elementFromPoint(x, y) === el) return [x, y];
        }
        return null;
    }""", selector)
    assert point, f"nothing matching {selector} can be clicked on the map"
    return point[0], point[1]


def click_on_map(page: Page, frame: Frame, selector: str) -> None:
    """Click the way a person would: with the mouse, where the shape is visible."""
    x, y = visible_point(frame, selector)
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def click_country(page: Page, frame: Frame, iso3: str, marker: bool = False) -> None:
    suffix = ".marker" if marker else ":not(.marker)"
    click_on_map(page, frame, f"path.iso-{iso3}{suffix}")
