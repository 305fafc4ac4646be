"""What a person does with the map, for browser tests: wait for it, read it, click it."""
from __future__ import annotations

import time

from playwright.sync_api import Frame, Page

from tests.appserver import MAP_FRAME


def map_frame(page: Page, timeout: float = 45, shapes: str = "path.country") -> Frame:
    """The streamlit-folium iframe, once Leaflet has drawn in it and the layout has settled."""
    page.locator(MAP_FRAME).first.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" in frame.url and frame.locator(shapes).count() > 0:
                _wait_until_still(page, frame, shapes, deadline)
                return frame
        time.sleep(0.1)
    raise AssertionError(f"the map never drew anything matching {shapes}")


def _wait_until_still(page: Page, frame: Frame, shapes: str, deadline: float) -> None:
    """The iframe resizes and Leaflet refits after the first draw; a click before that misses."""
    def where():
        box = page.locator(MAP_FRAME).first.bounding_box()
        first = frame.evaluate("(s) => { const r = document.querySelector(s).getBoundingClientRect();"
                               " return [r.x, r.y, r.width, r.height]; }", shapes)
        return box, first
    last, still = None, 0
    while still < 3 and time.monotonic() < deadline:
        now = where()
        still = still + 1 if now == last else 0
        last = now
        time.sleep(0.15)


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
    """Pick a layer in the map's own layer control, opening it first as a person would."""
    frame.locator(".leaflet-control-layers").first.hover()
    frame.locator(".leaflet-control-layers label", has_text=name).first.click()
    frame.page.mouse.move(0, 0)  # the control folds up again once the pointer leaves


_HIT_POINT_JS = """
    (el) => {
        // Points along the outline, nudged a little each way: one of them lies inside the shape
        // unless every part of it is covered or off the map.
        const matrix = el.getScreenCTM(), total = el.getTotalLength();
        const steps = Math.min(400, Math.max(24, Math.ceil(total)));
        for (let k = 0; k < steps; k++) {
            const p = el.getPointAtLength(total * k / steps);
            for (const [dx, dy] of [[0, 0], [2, 0], [-2, 0], [0, 2], [0, -2], [3, 3], [-3, -3], [3, -3], [-3, 3]]) {
                const x = matrix.a * p.x + matrix.c * p.y + matrix.e + dx;
                const y = matrix.b * p.x + matrix.d * p.y + matrix.f + dy;
                if (document.elementFromPoint(x, y) === el) return [x, y];
            }
        }
        return null;
    }
"""


def visible_point(frame: Frame, selector: str) -> tuple[float, float]:
    """A point on the page where a shape matched by selector is what a click would hit."""
    for element in frame.locator(selector).element_handles():
        point = element.evaluate(_HIT_POINT_JS)
        if point:
            return point[0], point[1]
    raise AssertionError(f"nothing matching {selector} can be clicked on the map")


def click_on_map(page: Page, frame: Frame, selector: str) -> None:
    """Click the way a person would: with the mouse, where the shape is visible."""
    x, y = visible_point(frame, selector)
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def unclickable(frame: Frame, iso3_codes: list[str]) -> list[str]:
    """The codes of countries none of whose shapes a click could reach (hidden, covered, off-map)."""
    return frame.evaluate("""([codes, hit]) => {
        const hitPoint = eval(hit);
        return codes.filter(code =>
            ![...document.querySelectorAll('path.iso-' + code)].some(el => hitPoint(el)));
    }""", [iso3_codes, _HIT_POINT_JS])


def click_country(page: Page, frame: Frame, iso3: str, marker: bool = False) -> None:
    suffix = ".marker" if marker else ":not(.marker)"
    click_on_map(page, frame, f"path.iso-{iso3}{suffix}")
