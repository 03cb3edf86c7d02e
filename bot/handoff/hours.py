"""When a contact person works: weekly hours, absences and Norway's public
holidays (the ``holidays`` library, not a list of our own)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterator, Tuple

import holidays

from bot.handoff.contacts import Contact

# Far enough for a long summer absence; beyond it the data is wrong.
SEARCH_DAYS = 90


@lru_cache(maxsize=8)
def _norway(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NO", years=year)


def is_holiday(day: date) -> bool:
    return day in _norway(day.year)


def windows(contact: Contact, after: datetime) -> Iterator[Tuple[datetime, datetime]]:
    """The contact's working windows that end after ``after``, in order, the
    first one cut to start no earlier than ``after``."""
    for offset in range(SEARCH_DAYS):
        day = after.date() + timedelta(days=offset)
        hours = contact.window(day)
        if hours is None or is_holiday(day) or contact.absent_on(day):
            continue
        start, end = datetime.combine(day, hours[0]), datetime.combine(day, hours[1])
        if end > after:
            yield max(start, after), end


def next_opening(contact: Contact, after: datetime) -> datetime:
    """``after`` itself inside working hours, else the next window's start."""
    for start, _ in windows(contact, after):
        return start
    raise ValueError(f"contact {contact.id} has no working hours in the next {SEARCH_DAYS} days")


def add_working_minutes(contact: Contact, start: datetime, minutes: int) -> datetime:
    """The moment when ``minutes`` of the contact's working time have passed
    since ``start``."""
    left = timedelta(minutes=minutes)
    for window_start, window_end in windows(contact, start):
        if window_end - window_start >= left:
            return window_start + left
        left -= window_end - window_start
    raise ValueError(f"contact {contact.id} has no working hours in the next {SEARCH_DAYS} days")
