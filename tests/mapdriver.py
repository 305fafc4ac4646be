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


def choose_layer(frame: Frame, name: str, touch: bool = False) -> None:
    """Pick a layer in the map's own layer control, opening it first as a person would: by
    pointing at it with a mouse, by tapping its button on a touch screen."""
    if touch:
        frame.locator(".leaflet-control-layers-toggle").first.tap()
        frame.locator(".leaflet-control-layers-expanded").wait_for()
        # Leaflet ignores a tap on the list until a zero-delay timer set on opening has run.
        frame.evaluate("new Promise(resolve => setTimeout(resolve, 50))")
        frame.locator(".leaflet-control-layers label", has_text=name).first.tap()
        return
    # A person scrolls the map into view before pointing at its control; scrolling while the list
    # is open would move the control from under the pointer and fold it up.
    frame.frame_element().scroll_into_view_if_needed()
    frame.locator(".leaflet-control-layers").first.hover()
    frame.locator(".leaflet-control-layers label", has_text=name).first.click()
    frame.page.mouse.move(0, 0)  # the control folds up again once the pointer leaves


def inside_point(frame: Frame, iso3: str) -> tuple[float, float]:
    """The visible point deepest inside a country (farthest from its edges and from whatever
    covers it), in the frame's coordinates: where a finger lands squarely on it."""
    point = frame.evaluate("""(iso3) => {
        const shapes = [...document.querySelectorAll('path.iso-' + iso3 + ':not(.marker)')];
        let best = null;
        for (const el of shapes) {
            const r = el.getBoundingClientRect(), step = 2;
            const cols = Math.ceil(r.width / step) + 1, rows = Math.ceil(r.height / step) + 1;
            const hit = [];
            for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++)
                hit.push(document.elementFromPoint(r.left + i * step, r.top + j * step) === el);
            for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) {
                if (!hit[j * cols + i]) continue;
                let d = 1;  // grid steps to the nearest point that is not this country
                grow: for (; d < 40; d++) for (let k = -d; k <= d; k++)
                    for (const [a, b] of [[i + k, j - d], [i + k, j + d], [i - d, j + k], [i + d, j + k]])
                        if (a < 0 || b < 0 || a >= cols || b >= rows || !hit[b * cols + a]) break grow;
                if (!best || d > best.d) best = {d: d, x: r.left + i * step, y: r.top + j * step};
            }
        }
        return best && [best.x, best.y, best.d];
    }""", iso3)
    assert point, f"no part of {iso3} can be seen on the map"
    return point[0], point[1]


def point_beside(frame: Frame, iso3: str, neighbour: str, gap: tuple[float, float] = (3, 8)) -> tuple[float, float]:
    """A visible point of ISO3 lying GAP pixels from NEIGHBOUR's shape (a finger there touches
    both): for taps that must still select the country under the finger."""
    point = frame.evaluate("""([iso3, neighbour, lo, hi]) => {
        const near = [...document.querySelectorAll('path.iso-' + neighbour)];
        const boxes = near.map(el => el.getBoundingClientRect());
        const edge = [];
        near.forEach((el, i) => {
            const b = boxes[i];
            for (let x = b.left - hi; x <= b.right + hi; x += 1)
                for (let y = b.top - hi; y <= b.bottom + hi; y += 1)
                    if (near.includes(document.elementFromPoint(x, y))) edge.push([x, y]);
        });
        let best = null;
        for (const el of document.querySelectorAll('path.iso-' + iso3)) {
            const r = el.getBoundingClientRect();
            for (let x = r.left; x <= r.right; x += 1) for (let y = r.top; y <= r.bottom; y += 1) {
                if (document.elementFromPoint(x, y) !== el) continue;
                let d = Infinity;
                for (const [ex, ey] of edge) d = Math.min(d, Math.hypot(ex - x, ey - y));
                if (d >= lo && d <= hi && (!best || d < best[2])) best = [x, y, d];
            }
        }
        return best;
    }""", [iso3, neighbour, *gap])
    assert point, f"no point of {iso3} lies {gap} px from {neighbour}"
    return point[0], point[1]


def country_at(frame: Frame, x: float, y: float) -> str | None:
    """The ISO3 code of the shape a finger or pointer at (x, y) of the frame is on."""
    return frame.evaluate("""([x, y]) => {
        const el = document.elementFromPoint(x, y);
        const cls = el && [...el.classList].find(c => c.startsWith('iso-'));
        return cls ? cls.slice(4) : null;
    }""", [x, y])


def tap_on_map(page: Page, frame: Frame, x: float, y: float) -> None:
    """A finger's tap at (x, y) of the map's frame, where nothing of the page covers the map."""
    box = page.locator(MAP_FRAME).first.bounding_box()
    on_page = (box["x"] + x, box["y"] + y)
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.tagName", list(on_page)) == "IFRAME", \
        f"({x}, {y}) of the map is hidden on the page"
    page.touchscreen.tap(*on_page)


def selected_iso3(frame: Frame) -> list[str]:
    """The countries drawn as selected (the thick outline)."""
    return sorted({c[4:] for cls in frame.evaluate(
        "[...document.querySelectorAll('path.selected')].map(p => [...p.classList])")
        for c in cls if c.startswith("iso-")})


def in_view(frame: Frame, selector: str) -> bool:
    """Whether a shape lies wholly inside the map (a person sees all of it)."""
    return frame.evaluate("""(selector) => {
        const map = document.querySelector('.leaflet-container').getBoundingClientRect();
        return [...document.querySelectorAll(selector)].some(el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.left >= map.left && r.right <= map.right
                && r.top >= map.top && r.bottom <= map.bottom;
        });
    }""", selector)


def mark_mounted(frame: Frame) -> None:
    """Leave a mark in the map's document: it is gone if the map is rebuilt or re-mounted."""
    frame.evaluate("window.__mounted_mark = true")


def still_mounted(page: Page) -> bool:
    """True while the page holds one map, the one that was marked."""
    frames = _map_frames(page)
    return len(frames) == 1 and frames[0].evaluate("window.__mounted_mark === true")


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
