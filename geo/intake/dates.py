"""Reading the dates people write: ISO dates and forms that name the month, never a guessed order.

'03/04/2022' is 3 April in Europe and 4 March in the US, and nothing in a file says which was
meant, so a date written with numbers only must put the year first (2022-04-03). A date also has
to fall in the years the atlas covers, so a typo such as 2099 cannot become the latest record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

FIRST_DATE = date(2014, 1, 1)  # Russia's annexation of Crimea: the atlas's records start after it
ISO_HINT = "YYYY-MM-DD, e.g. 2022-07-27"

_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
                         r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
_YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})")
_MONTH_NAME = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
                         re.IGNORECASE)
_WORDY_DATE = re.compile(r"[\w\s,.\-/]+")


@dataclass(frozen=True)
class DateReading:
    """A date as YYYY-MM-DD, or what is wrong with the text and how to write it instead."""

    iso: str | None
    problem: str | None = None


def last_date() -> date:
    """Today where the day is furthest on (UTC+14), so nobody's today is refused as future."""
    return datetime.now(timezone(timedelta(hours=14))).date()


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _year_last(text: str, first: int, second: int, year: int) -> DateReading:
    """Day and month in an order only the writer knows: say what it could be, never pick one."""
    year = year + 2000 if year < 100 else year
    readings = list(dict.fromkeys(d for d in (_day(year, second, first), _day(year, first, second)) if d))
    if not readings:
        return DateReading(None, f"'{text}' is not a date. Write it as {ISO_HINT}.")
    if len(readings) == 2:
        return DateReading(None, f"'{text}' could be {_spoken(readings[0])} or {_spoken(readings[1])}: "
                                 "the atlas does not guess which number is the day. Write it as "
                                 f"YYYY-MM-DD: {readings[0].isoformat()} or {readings[1].isoformat()}.")
    return DateReading(None, f"'{text}' puts the day and the month in an order the atlas does not "
                             f"guess. Write it as {readings[0].isoformat()} (YYYY-MM-DD).")


def _named_month(text: str) -> date | None:
    """'27 July 2022', 'Jul 27, 2022': the month is a word, so the order is plain. All three parts
    must be there: parsing with two different defaults gives two answers when one is missing."""
    if (not _WORDY_DATE.fullmatch(text) or len(_MONTH_NAME.findall(text)) != 1
            or not re.search(r"\b\d{4}\b", text)):
        return None
    try:
        readings = {dateutil_parser.parse(text, default=datetime(2000, m, m)).date() for m in (1, 2)}
    except (ValueError, OverflowError):
        return None
    return readings.pop() if len(readings) == 1 else None


def read_date(text: str, first: date = FIRST_DATE, last: date | None = None) -> DateReading:
    """The date a cell means, as YYYY-MM-DD, if it is unambiguous and between first and last."""
    text = text.strip()
    last = last or last_date()
    if match := _YEAR_FIRST.fullmatch(text):
        day = _day(*(int(part) for part in match.groups()))
    elif match := _YEAR_LAST.fullmatch(text):
        return _year_last(text, *(int(part) for part in match.groups()))
    else:
        day = _named_month(text)
    if day is None:
        return DateReading(None, f"'{text}' is not a date. Write it as {ISO_HINT}.")
    if not first <= day <= last:
        return DateReading(None, f"'{text}' is outside the dates the atlas takes, from "
                                 f"{first.isoformat()} to today ({last.isoformat()}). Check the year.")
    return DateReading(day.isoformat())
