"""When a staff member will call, as they write it in «RING K7M3 i morgen 10».

Staff write Norwegian: «i dag 14», «i morgen 10.30», «tirsdag 9», «14.12 kl
10», «kl 13». The result must lie in the future; anything else is not
understood, and the staff member is asked to write it again.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import List, Optional

# Input vocabulary (what staff type), not text shown to anyone.
_DAY_WORDS = {"idag": 0, "imorgen": 1, "iovermorgen": 2}
_WEEKDAYS = {
    "mandag": 0, "man": 0, "tirsdag": 1, "tir": 1, "onsdag": 2, "ons": 2, "torsdag": 3, "tor": 3,
    "fredag": 4, "fre": 4, "lørdag": 5, "lordag": 5, "søndag": 6, "sondag": 6,
}
_TIME = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?$")
_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?$")


def _tokens(text: str) -> List[str]:
    text = re.sub(r"\b(i)\s+(dag|morgen|overmorgen)\b", r"\1\2", text.lower())
    return [t for t in re.split(r"[\s,]+", text) if t and t not in ("kl", "kl.", "klokka", "klokken", "på")]


def _time_of(token: str) -> Optional[time]:
    match = _TIME.match(token)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _date_of(token: str, today: date) -> Optional[date]:
    match = _DATE.match(token)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else today.year
    year = year + 2000 if year < 100 else year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if not match.group(3) and found < today:
        found = date(year + 1, month, day)
    return found


def _day_of(token: str, today: date) -> Optional[date]:
    if token in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[token])
    if token in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[token] - today.weekday()) % 7)
    return _date_of(token, today)


def parse_call_time(text: str, now: datetime) -> Optional[datetime]:
    """The moment in ``text``, or None when it is missing, unclear or past."""
    tokens = _tokens(text)
    if not tokens or _time_of(tokens[-1]) is None:
        return None
    at = _time_of(tokens[-1])
    rest = tokens[:-1]
    if len(rest) > 1:
        return None
    day = _day_of(rest[0], now.date()) if rest else now.date()
    if day is None or at is None:
        return None
    moment = datetime.combine(day, at)
    if moment <= now and rest and rest[0] in _WEEKDAYS:
        moment += timedelta(days=7)  # «tirsdag 9» said on Tuesday at 10: next week
    return moment if moment > now else None
