"""Staff view: bookings per session, with party sizes and interpreter needs.

    python -m bot.booking.staff                 # upcoming sessions, as a table
    python -m bot.booking.staff --all           # past sessions too
    python -m bot.booking.staff --csv out.csv   # one row per booking, for a spreadsheet

Staff order interpreters from the "interpreters" line of each session.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from datetime import datetime
from typing import IO, Iterable, List, Optional

from bot.booking.events import EventCalendar, Session, load_events
from bot.booking.models import Booking
from bot.booking.store import BookingStore, default_booking_store

CSV_COLUMNS = [
    "session_id", "kind", "place", "start", "code", "status", "first_name", "phone",
    "adults", "children_ages", "seats", "interpreter_language", "language", "created_at",
]


def _sessions(calendar: EventCalendar, include_past: bool, now: datetime) -> List[Session]:
    return [s for s in calendar.sessions.values() if include_past or s.end >= now]


def interpreter_summary(bookings: Iterable[Booking]) -> Counter:
    """How many people need an interpreter in each language."""
    needs: Counter = Counter()
    for booking in bookings:
        if booking.status == "confirmed" and booking.interpreter_language:
            needs[booking.interpreter_language] += booking.adults
    return needs


def write_table(out: IO[str], calendar: EventCalendar, store: BookingStore, include_past: bool, now: datetime) -> None:
    for session in _sessions(calendar, include_past, now):
        bookings = store.for_session(session.id)
        confirmed = [b for b in bookings if b.status == "confirmed"]
        if not bookings and not include_past:
            continue
        taken = store.seats_taken(session.id)
        out.write(f"{session.start:%Y-%m-%d %H:%M}  {session.place.name}  ({session.kind})  "
                  f"{taken}/{session.capacity} places  [{session.id}]\n")
        needs = interpreter_summary(confirmed)
        if needs:
            out.write("  interpreters: " + ", ".join(f"{lang} {count}" for lang, count in sorted(needs.items())) + "\n")
        for booking in bookings:
            ages = ",".join(map(str, booking.children_ages)) or "-"
            out.write(
                f"  {booking.code}  {booking.status:<9}  {booking.first_name or '-':<12}  {booking.phone:<14}  "
                f"adults {booking.adults}  children {ages}  tolk {booking.interpreter_language or '-'}\n"
            )


def write_csv(out: IO[str], calendar: EventCalendar, store: BookingStore, include_past: bool, now: datetime) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for session in _sessions(calendar, include_past, now):
        for booking in store.for_session(session.id):
            writer.writerow({
                "session_id": session.id, "kind": session.kind, "place": session.place.name,
                "start": session.start.isoformat(timespec="minutes"), "code": booking.code,
                "status": booking.status, "first_name": booking.first_name or "", "phone": booking.phone,
                "adults": booking.adults, "children_ages": " ".join(map(str, booking.children_ages)),
                "seats": booking.seats, "interpreter_language": booking.interpreter_language or "",
                "language": booking.language, "created_at": booking.created_at,
            })


def main(argv: Optional[List[str]] = None, out: IO[str] = sys.stdout) -> int:
    parser = argparse.ArgumentParser(description="Bookings per session, for staff.")
    parser.add_argument("--csv", metavar="FILE", help="write one row per booking to FILE ('-' for stdout)")
    parser.add_argument("--all", action="store_true", help="include sessions that are over")
    args = parser.parse_args(argv)
    calendar, store, now = load_events(), default_booking_store(), datetime.now()
    if args.csv:
        if args.csv == "-":
            write_csv(out, calendar, store, args.all, now)
        else:
            with open(args.csv, "w", newline="", encoding="utf-8") as handle:
                write_csv(handle, calendar, store, args.all, now)
    else:
        write_table(out, calendar, store, args.all, now)
    return 0


if __name__ == "__main__":
    sys.exit(main())
