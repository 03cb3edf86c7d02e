"""Bookable sessions from ``content/events.yml``, owned by content editors.

Two kinds:

- ``application_evenings``: dated søknadskveld evenings (place, start, end,
  capacity, languages with an interpreter);
- ``open_kindergarten``: recurring åpen barnehage sessions (place, weekday,
  time, capacity, children's ages, period, exceptions such as holidays),
  expanded here into dated sessions.

Every session gets a stable id (kind, place and date), which bookings refer to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from pydantic import Field, root_validator, validator

from bot.config import load_settings
from bot.content import StrictModel, check_slug, load_when_changed, parse_content
from bot.languages import SUPPORTED_LANGUAGES


class Weekday(str, Enum):
    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"


class Place(StrictModel):
    id: str
    name: str
    address: str
    bydel: str
    example_data: bool = Field(False, description="True when the address is example data.")

    @validator("id")
    def _slug(cls, value):
        return check_slug(value)


class ApplicationEvening(StrictModel):
    place: str
    date: date
    start: time
    end: time
    capacity: int = Field(..., gt=0, le=500)
    interpreter_languages: List[str] = Field(default_factory=list)
    bring: str = Field(..., description="What to bring, in plain bokmål.")

    @root_validator(skip_on_failure=True)
    def _ends_after_start(cls, values):
        if values["end"] <= values["start"]:
            raise ValueError("end must be after start")
        return values

    @validator("interpreter_languages", each_item=True)
    def _known_language(cls, value):
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unknown language {value!r}; choose from {', '.join(SUPPORTED_LANGUAGES)}")
        return value


class OpenKindergarten(StrictModel):
    place: str
    weekday: Weekday
    start: time
    end: time
    capacity: int = Field(..., gt=0, le=200)
    ages: Tuple[int, int] = Field(..., description="[youngest, oldest] child's age in years")
    period: Tuple[date, date]
    exceptions: List[date] = Field(default_factory=list, description="Dates without a session (holidays).")
    bring: str

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values):
        if values["end"] <= values["start"]:
            raise ValueError("end must be after start")
        if values["period"][1] < values["period"][0]:
            raise ValueError("the period must end after it starts")
        if not 0 <= values["ages"][0] <= values["ages"][1] <= 7:
            raise ValueError("ages must be [youngest, oldest] between 0 and 7")
        return values


class EventsFile(StrictModel):
    version: int = Field(..., ge=1, le=1)
    places: List[Place]
    application_evenings: List[ApplicationEvening] = Field(default_factory=list)
    open_kindergarten: List[OpenKindergarten] = Field(default_factory=list)

    @root_validator(skip_on_failure=True)
    def _places_exist(cls, values):
        known = {place.id for place in values["places"]}
        for group in ("application_evenings", "open_kindergarten"):
            for index, item in enumerate(values.get(group) or []):
                if item.place not in known:
                    raise ValueError(f"{group} entry {index + 1}: unknown place {item.place!r}")
        return values


class EventsError(ValueError):
    """content/events.yml is malformed; the message names the entry and field."""


@dataclass(frozen=True)
class Session:
    """One bookable occasion."""

    id: str
    kind: str  # "application_evening" or "open_kindergarten"
    place: Place
    start: datetime
    end: datetime
    capacity: int
    bring: str
    interpreter_languages: Tuple[str, ...] = ()
    ages: Optional[Tuple[int, int]] = None


_WEEKDAYS = list(Weekday)


class EventCalendar:
    def __init__(self, parsed: EventsFile) -> None:
        places = {place.id: place for place in parsed.places}
        sessions: List[Session] = []
        for evening in parsed.application_evenings:
            place = places[evening.place]
            sessions.append(Session(
                id=f"soknadskveld_{place.id}_{evening.date.isoformat()}",
                kind="application_evening", place=place,
                start=datetime.combine(evening.date, evening.start),
                end=datetime.combine(evening.date, evening.end),
                capacity=evening.capacity, bring=evening.bring,
                interpreter_languages=tuple(evening.interpreter_languages),
            ))
        for series in parsed.open_kindergarten:
            place = places[series.place]
            day = series.period[0]
            offset = (_WEEKDAYS.index(series.weekday) - day.weekday()) % 7
            day += timedelta(days=offset)
            while day <= series.period[1]:
                if day not in series.exceptions:
                    sessions.append(Session(
                        id=f"apen_barnehage_{place.id}_{day.isoformat()}",
                        kind="open_kindergarten", place=place,
                        start=datetime.combine(day, series.start),
                        end=datetime.combine(day, series.end),
                        capacity=series.capacity, bring=series.bring, ages=series.ages,
                    ))
                day += timedelta(days=7)
        self.sessions: Dict[str, Session] = {s.id: s for s in sorted(sessions, key=lambda s: s.start)}

    def get(self, session_id: str) -> Optional[Session]:
        return self.sessions.get(session_id)

    def upcoming(self, kind: str, now: datetime, limit: int = 5) -> List[Session]:
        """The next sessions of a kind that have not started yet."""
        return [s for s in self.sessions.values() if s.kind == kind and s.start > now][:limit]


def parse_events(text: str, path: Path) -> EventCalendar:
    return EventCalendar(parse_content(text, path, EventsFile, EventsError))


def load_events(path: Optional[Path] = None) -> EventCalendar:
    """The calendar at ``path`` (default: the configured events file), re-read
    when the file changes."""
    return load_when_changed(Path(path or load_settings().events_file), parse_events)
