"""Content files against their schemas, phone numbers in texts, dated events."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

from bot.booking.answers import parse_phone
from bot.booking.events import EventCalendar, load_events
from bot.catalog.loader import load_catalog
from bot.check.findings import Finding, Severity
from bot.config import PROJECT_ROOT, load_settings
from bot.handoff.contacts import load_contacts

# Norwegian numbers are 8 digits; shorter runs in a text are prices, years or times.
MIN_PHONE_DIGITS = 8
# Digits in groups, as numbers are written ("21 80 21 80", "+47 915 02 770"),
# not dates or times (no dots, colons or dashes inside).
_PHONE_LIKE = re.compile(r"(?<![\w.,:/-])\+?\d[\d ]{6,}\d(?![\w.,:/-])")


def content_files() -> Dict[str, Path]:
    settings = load_settings()
    return {"services": settings.services_file, "events": settings.events_file, "contacts": settings.contacts_file}


def check_content(now: datetime, files: Optional[Dict[str, Path]] = None) -> List[Finding]:
    files = files or content_files()
    loaders: Dict[str, Callable[[Path], object]] = {
        "services": load_catalog, "events": load_events, "contacts": load_contacts,
    }
    findings: List[Finding] = []
    loaded: Dict[str, object] = {}
    for name, load in loaders.items():
        try:
            loaded[name] = load(files[name])
        except (ValueError, OSError) as error:  # each loader's own error names file, entry and field
            findings.extend(_schema_findings(files[name], str(error)))
    findings.extend(check_phone_numbers_in_texts(files["services"]))
    events = loaded.get("events")
    if isinstance(events, EventCalendar):
        findings.extend(check_events(events, files["events"], now))
    return findings


def _schema_findings(path: Path, message: str) -> Iterator[Finding]:
    lines = [line.strip().replace(str(path), shown(path)) for line in message.splitlines()]
    details = [line.removeprefix("- ") for line in lines[1:] if line] or lines[:1]
    for detail in details:
        where, _, problem = detail.rpartition(": ")
        yield Finding(Severity.ERROR, "content", shown(path) + (f": {where}" if where else ""), problem or detail)


def shown(path: Path) -> str:
    """The path as an editor sees it: from the project folder when it is inside."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def check_phone_numbers_in_texts(path: Path) -> Iterator[Finding]:
    """Every phone number written into a text must be a real, dialable number."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    for line_number, line in enumerate(lines, 1):
        for match in _PHONE_LIKE.finditer(line):
            number = match.group().strip()
            if sum(char.isdigit() for char in number) >= MIN_PHONE_DIGITS and parse_phone(number) is None:
                yield Finding(Severity.ERROR, "phone", f"{shown(path)}, line {line_number}",
                              f"{number!r} is not a valid phone number")


def check_events(calendar: EventCalendar, path: Path, now: datetime) -> Iterator[Finding]:
    sessions = list(calendar.sessions.values())
    for session in sessions:
        if session.capacity <= 0:
            yield Finding(Severity.ERROR, "events", f"{shown(path)}: {session.id}", "has no places (capacity 0)")
        if session.kind == "application_evening" and session.end < now:
            yield Finding(Severity.WARNING, "events", f"{shown(path)}: {session.id}",
                          "is in the past: residents are not offered it; remove it when convenient")
    for kind in sorted({session.kind for session in sessions}):
        if not calendar.upcoming(kind, now, limit=1):
            yield Finding(Severity.WARNING, "events", f"{shown(path)}: {kind}",
                          "has no future date: residents cannot book any")
