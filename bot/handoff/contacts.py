"""Contact persons from ``content/contacts.yml``, owned by content editors.

Each card is one person's *rollevisittkort* (name, role, unit, the services
they answer for, languages, working hours, absences). Each bydel with
contacts names one fallback contact, who gets cases no one else can take
and cases that waited too long. Mistakes are reported by file, entry and
field (bot/content.py).
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from pydantic import Field, root_validator, validator

from bot.booking.answers import parse_phone
from bot.booking.events import Weekday
from bot.catalog import load_catalog
from bot.catalog.schema import BYDELER
from bot.config import load_settings
from bot.content import StrictModel, check_slug, load_when_changed, parse_content

_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class ContactsError(ValueError):
    """contacts.yml is malformed; the message names file, entry and field."""


class Absence(StrictModel):
    start: date = Field(alias="from")
    end: date = Field(alias="to")

    @root_validator(skip_on_failure=True)
    def _in_order(cls, values):
        if values["end"] < values["start"]:
            raise ValueError("'to' must be on or after 'from'")
        return values


class Contact(StrictModel):
    id: str
    name: str
    role: str
    unit: str
    bydel: str
    services: List[str] = Field(min_items=1)
    helps_with: str
    phone: str
    languages: List[str] = Field(min_items=1)
    hours: Dict[Weekday, str]
    absences: List[Absence] = Field(default_factory=list)
    fallback: bool = False
    example_data: List[str] = Field(default_factory=list)

    @validator("id")
    def _slug(cls, value):
        return check_slug(value)

    @validator("bydel")
    def _known_bydel(cls, value):
        if value not in BYDELER:
            raise ValueError(f"unknown bydel {value}; choose from {', '.join(BYDELER)}")
        return value

    @validator("services", each_item=True)
    def _known_service(cls, value):
        if load_catalog().get(value) is None:
            raise ValueError(f"unknown service {value!r}: use an id from content/services.yml")
        return value

    @validator("phone")
    def _mobile(cls, value):
        number = parse_phone(value)
        if number is None:
            raise ValueError(f"not a valid phone number: {value}")
        return number

    @validator("languages", each_item=True)
    def _language_code(cls, value):
        if not _LANGUAGE.match(value):
            raise ValueError(f"use a language code such as nb, so, ar (got {value!r})")
        return value

    @validator("hours")
    def _hours(cls, value):
        for day, window in value.items():
            parse_window(window, day.value)
        return value

    def window(self, day: date) -> Optional[Tuple[time, time]]:
        """Working hours on ``day``'s weekday (holidays and absences aside)."""
        text = self.hours.get(Weekday(day.strftime("%A").lower()))
        return parse_window(text, "") if text else None

    def absent_on(self, day: date) -> bool:
        return any(absence.start <= day <= absence.end for absence in self.absences)


def parse_window(text: str, day: str) -> Tuple[time, time]:
    match = _HOURS.match(text.strip())
    if not match:
        raise ValueError(f"{day}: write hours as 08:00-15:30 (got {text!r})")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60) or (h2, m2) <= (h1, m1):
        raise ValueError(f"{day}: {text!r} is not a time span within one day")
    return time(h1, m1), time(h2, m2)


class ContactsFile(StrictModel):
    version: int = 1
    default_bydel: str
    contacts: List[Contact] = Field(min_items=1)

    @root_validator(skip_on_failure=True)
    def _one_fallback_per_bydel(cls, values):
        contacts: List[Contact] = values["contacts"]
        ids = [c.id for c in contacts]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"contact ids must be unique: {', '.join(duplicates)}")
        for bydel in sorted({c.bydel for c in contacts} | {values["default_bydel"]}):
            fallbacks = [c.id for c in contacts if c.bydel == bydel and c.fallback]
            if len(fallbacks) != 1:
                raise ValueError(f"bydel {bydel} needs exactly one contact with 'fallback: true' "
                                 f"(found {len(fallbacks)})")
        return values


class Contacts:
    """The parsed file, with lookups by id and by phone number."""

    def __init__(self, parsed: ContactsFile) -> None:
        self.default_bydel = parsed.default_bydel
        self.all: List[Contact] = list(parsed.contacts)
        self._by_id = {c.id: c for c in self.all}
        self._by_phone = {c.phone: c for c in self.all}

    def get(self, contact_id: str) -> Optional[Contact]:
        return self._by_id.get(contact_id)

    def by_phone(self, phone: str) -> Optional[Contact]:
        return self._by_phone.get(phone)

    def fallback_for(self, bydel: str) -> Contact:
        bydel = bydel if any(c.bydel == bydel for c in self.all) else self.default_bydel
        return next(c for c in self.all if c.bydel == bydel and c.fallback)

    def in_bydel(self, bydel: str) -> List[Contact]:
        bydel = bydel if any(c.bydel == bydel for c in self.all) else self.default_bydel
        return [c for c in self.all if c.bydel == bydel]


def parse_contacts(text: str, path: Path) -> Contacts:
    return Contacts(parse_content(text, path, ContactsFile, ContactsError))


def load_contacts(path: Optional[Path] = None) -> Contacts:
    """The contacts at ``path`` (default: the configured file), re-read when it changes."""
    return load_when_changed(Path(path or load_settings().contacts_file), parse_contacts)
