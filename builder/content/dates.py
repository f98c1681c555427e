"""Dates as dossier files write them: a day (`2024-06-19`), or a month (`2024-06`) for an
article that gives no day. Each parse says what it expected, and why what it found is not it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import PlainValidator

from builder.content.fields import expected_error

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


def _calendar_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _written_day(value: Any, expected: str) -> dt.date | None:
    """The day `value` gives when it is one (a date, or text `YYYY-MM-DD`), else None; a day
    written right that the calendar lacks (`2024-02-30`) is an error. Pydantic's lax mode would
    also take a number of seconds since 1970 or a datetime; an editor never means those."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value):
        day = _calendar_day(value)
        if day is None:
            raise expected_error(expected, "which is not a day of the calendar")
        return day
    return None


def _parse_day(value: Any) -> dt.date:
    """A day written `YYYY-MM-DD`."""
    expected = "a day, written YYYY-MM-DD"
    day = _written_day(value, expected)
    if day is not None:
        return day
    if isinstance(value, str) and _MONTH.fullmatch(value):
        raise expected_error(expected, "which gives only the month; a meeting needs its day")
    raise expected_error(expected)


def _parse_published(value: Any) -> dt.date | str:
    """A publication date: a day, or a month (`2024-06`) when the article gives no day."""
    expected = "a day (YYYY-MM-DD), or a month (YYYY-MM) when the article gives only the month"
    day = _written_day(value, expected)
    if day is not None:
        return day
    if isinstance(value, str) and _MONTH.fullmatch(value):
        if 1 <= int(value[5:]) <= 12:
            return value
        raise expected_error(expected, "which is not a month of the calendar")
    raise expected_error(expected)


Day = Annotated[dt.date, PlainValidator(_parse_day)]
"""A day, written `2024-06-19`."""

Published = Annotated[dt.date | str, PlainValidator(_parse_published)]
"""A day, or a month (`2024-06`) for articles that give no day."""
