"""Reminder SMS the day before a booked session, each queued once.

    python -m bot.booking.reminders --once    # queue what is due now
    python -m bot.booking.reminders           # keep checking every minute

Each reminder goes into the outbox under the key ``reminder:<code>``; the
outbox queues a key once, so a restarted or second scheduler adds nothing,
and the outbox's sender retries a failed send. Reminders go by SMS even to
a resident who booked on WhatsApp: outside WhatsApp's 24-hour window a
message needs a pre-approved template (see README, "WhatsApp").
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import datetime, timedelta
from typing import Callable, List, Tuple

from bot.booking.events import EventCalendar, Session, load_events
from bot.booking.models import Booking
from bot.booking.store import BookingStore, default_booking_store
from bot.outbox.models import Kind
from bot.outbox.queue import queue_response
from bot.outbox.store import Outbox, default_outbox
from bot.privacy.redaction import install as install_redaction

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=24)
CHECK_EVERY_SECONDS = 60


def due_reminders(calendar: EventCalendar, store: BookingStore, now: datetime) -> List[Tuple[Booking, Session]]:
    """Confirmed bookings whose session starts within the next day."""
    due: List[Tuple[Booking, Session]] = []
    for session in calendar.sessions.values():
        if session.start - REMIND_BEFORE <= now < session.start:
            due.extend((b, session) for b in store.for_session(session.id) if b.status == "confirmed")
    return due


def queue_due_reminders(calendar: EventCalendar, store: BookingStore, outbox: Outbox, now: datetime) -> int:
    """Queue the reminders that are due; returns how many were new."""
    queued = 0
    for booking, session in due_reminders(calendar, store, now):
        queued += queue_response(
            booking.phone, "utter_sms_booking_reminder", booking.language,
            key=f"reminder:{booking.code}", kind=Kind.REMINDER.value, outbox=outbox,
            code=booking.code, place=session.place.name, address=session.place.address,
            start=session.start.isoformat(),
        )
    return queued


def run(once: bool, clock: Callable[[], datetime] = datetime.now) -> None:
    while True:
        count = queue_due_reminders(load_events(), default_booking_store(), default_outbox(), clock())
        if count:
            logger.info("Queued %d reminder(s)", count)
        if once:
            return
        time.sleep(CHECK_EVERY_SECONDS)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Queue booking reminders the day before.")
    parser.add_argument("--once", action="store_true", help="queue what is due now and stop")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    install_redaction()
    run(parser.parse_args().once)
