"""Streamlit widgets as a person uses them, for browser tests: the keyboard on a slider, a button."""
from __future__ import annotations

import time
from datetime import date, datetime, timezone

from playwright.sync_api import Page

_DAY_US = 86_400_000_000  # Streamlit date sliders count microseconds since the epoch


def _slider_day(page: Page, thumb: str) -> date:
    value = int(float(page.locator(thumb).get_attribute("value")))
    return datetime.fromtimestamp(value / 1_000_000, tz=timezone.utc).date()


def _move_thumb(page: Page, thumb: str, target: date) -> None:
    """Focus one thumb and press keys until it shows target: Page Up/Down for big steps (a tenth
    of the range), then the arrows, one day a press. Each press may rerun the app, so few presses."""
    for _ in range(3):  # a rerun arriving mid-way can reset the thumb; then press again
        page.locator(thumb).focus()
        for _ in range(40):
            days = (target - _slider_day(page, thumb)).days
            if abs(days) <= 40:
                break
            page.keyboard.press("PageUp" if days > 0 else "PageDown")
        days = (target - _slider_day(page, thumb)).days
        for _ in range(abs(days)):
            page.keyboard.press("ArrowRight" if days > 0 else "ArrowLeft")
        time.sleep(0.8)
        if _slider_day(page, thumb) == target:
            return
    assert _slider_day(page, thumb) == target, f"the slider thumb would not move to {target}"


def set_date_range(page: Page, label: str, start: date, end: date) -> None:
    """Drag a date-range slider's two thumbs (by keyboard, as a person can) to start and end."""
    first = f"input[type='range'][aria-label='{label} — start']"
    second = f"input[type='range'][aria-label='{label} — end']"
    if start > _slider_day(page, second):  # move the end first when the range moves right
        _move_thumb(page, second, end)
        _move_thumb(page, first, start)
    else:
        _move_thumb(page, first, start)
        _move_thumb(page, second, end)


def date_range(page: Page, label: str) -> tuple[date, date]:
    return (_slider_day(page, f"input[type='range'][aria-label='{label} — start']"),
            _slider_day(page, f"input[type='range'][aria-label='{label} — end']"))
