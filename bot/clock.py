"""The time of day in the bydel, for opening hours, holidays and escalation.

Naive local time (Europe/Oslo), like the sessions in content/events.yml.
``INNGANG_CLOCK_FILE`` (tests and demonstrations only) holds an ISO date and
time that every process reads as "now", so a case on a Saturday evening or
on 17 May can be tried on any day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from bot.config import Settings, load_settings


def now(settings: Optional[Settings] = None) -> datetime:
    clock_file = (settings or load_settings()).clock_file
    if clock_file is not None and clock_file.exists():
        return datetime.fromisoformat(clock_file.read_text(encoding="utf-8").strip())
    return datetime.now()
