"""What a person does with the map, for browser tests: wait for it, read it, click it."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from tests.appserver import MAP_FRAME


def map_frame(page: Page, timeout: float = 45, shapes: str = "path.country") -> Frame:
    """The streamlit-folium iframe, once Leaflet has drawn in it and the layout has settled."""
    page.locator(MAP_FRAME).first.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in _map_frames(page):
            try:
                drawn = frame.locator(shapes).count() > 0
            except PlaywrightError:  # a map being replaced (another page, a re-mount) detaches
                continue
            if drawn:
                _wait_until_still(page, frame, shapes, deadline)
                return frame
        time.sleep(0.1)
    raise AssertionError(f"the map never drew anything matching {shapes}")


def _map_frames(page: Page) -> list[Frame]:
    """The map iframes' documents, found from their elements (and, failing that, by URL)."""
    frames = []
    for handle in page.locator(MAP_FRAME).element_handles():
        try:
            frame = handle.content_frame()
        except PlaywrightError:
            frame = None
        if frame is not None:
            frames.append(frame)
    return frames + [f for f in page.frames if "streamlit_folium" in f.url and f not in frames]


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


def wait_for_fill(page: Page, iso3: str, colour: str, timeout: float = 30) -> Frame:
    """Wait until the map shows ISO3 in COLOUR; return that map's frame.

    After a rerun that redraws the map, the old iframe and the new one are both in the page for
    a moment, so each try looks at every map frame there is.
    """
    deadline = time.monotonic() + timeout
    seen: set[str | None] = set()
    while time.monotonic() < deadline:
        for frame in _map_frames(page):
            try:
                fill = fill_of(frame, iso3) if frame.locator(f"path.iso-{iso3}").count() else None
            except PlaywrightError:
                continue
            seen.add(fill)
            if fill == colour:
                return frame
        time.sleep(0.1)
    raise AssertionError(f"{iso3} never turned {colour}; seen {sorted(map(str, seen))}")


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


def _map_in_view(page: Page) -> dict:
    """Scroll the whole map into view first: Leaflet focuses the map on mousedown, and focusing a
    map that sticks out of the window scrolls the page under the mouse, so the click would miss."""
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    return page.locator(MAP_FRAME).first.bounding_box()


def click_on_map(page: Page, frame: Frame, selector: str) -> None:
    """Click the way a person would: with the mouse, where the shape is visible."""
    box = _map_in_view(page)
    x, y = visible_point(frame, selector)
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


def drawn_classes(frame: Frame, selector: str, prefix: str) -> dict[str, int]:
    """For shapes matching selector, how many carry each class starting with prefix ('to-' -> 'to-EGY')."""
    return frame.evaluate("""([selector, prefix]) => {
        const counts = {};
        document.querySelectorAll(selector).forEach(p => {
            p.classList.forEach(c => {
                if (c.startsWith(prefix)) counts[c.slice(prefix.length)] = (counts[c.slice(prefix.length)] || 0) + 1;
            });
        });
        return counts;
    }""", [selector, prefix])


def path_parts(frame: Frame, selector: str) -> list[list[tuple[float, float]]]:
    """The on-screen points of an SVG path Leaflet drew ('M x y L x y ... M ...'), part by part."""
    d = frame.locator(selector).first.get_attribute("d") or ""
    parts: list[list[tuple[float, float]]] = []
    for command, x, y in re.findall(r"([ML])\s*(-?[\d.]+)[\s,]+(-?[\d.]+)", d):
        if command == "M":
            parts.append([])
        parts[-1].append((float(x), float(y)))
    return parts


def map_width(frame: Frame) -> float:
    return frame.locator(".leaflet-container").first.bounding_box()["width"]


_STEADY_POINT_JS = """
    (el) => {
        // A point half-way along the shape (then further out) where the shape, and not something
        // beside it, is under the pointer even a pixel off: thin lines need that to be hovered.
        const matrix = el.getScreenCTM(), total = el.getTotalLength(), steps = 200;
        for (let i = 0; i <= steps; i++) {
            const k = steps / 2 + (i % 2 ? 1 : -1) * Math.ceil(i / 2);
            const p = el.getPointAtLength(total * k / steps);
            const x = matrix.a * p.x + matrix.c * p.y + matrix.e;
            const y = matrix.b * p.x + matrix.d * p.y + matrix.f;
            if ([[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]].every(
                    ([dx, dy]) => document.elementFromPoint(x + dx, y + dy) === el)) return [x, y];
        }
        return null;
    }
"""


def hover_on_map(page: Page, frame: Frame, selector: str) -> None:
    """Point at a shape with the mouse, as a person would, where it is clearly under the pointer."""
    box = _map_in_view(page)
    point = frame.locator(selector).first.evaluate(_STEADY_POINT_JS)
    assert point, f"nothing matching {selector} can be pointed at on the map"
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
