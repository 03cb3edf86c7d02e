"""Reminder SMS the day before a booked session, each sent once.

    python -m bot.booking.reminders --once    # send what is due now
    python -m bot.booking.reminders           # keep checking every minute

Before sending, the reminder is *claimed* in the booking store (an atomic
insert-if-absent that survives restarts), so a restarted or second scheduler
does not send it again. If sending fails the claim is released and the next
round tries again. A crash between claim and send loses that one reminder:
we prefer that to sending it twice.
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
from bot.notify import render_text
from bot.sms.sender import SmsSender, default_sms_sender

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(hours=24)
CHECK_EVERY_SECONDS = 60


def due_reminders(calendar: EventCalendar, store: BookingStore, now: datetime) -> List[Tuple[Booking, Session]]:
    """Confirmed bookings whose session starts within the next day."""
    due = []
    for session in calendar.sessions.values():
        if session.start - REMIND_BEFORE <= now < session.start:
            due.extend((b, session) for b in store.for_session(session.id) if b.status == "confirmed")
    return due


def send_due_reminders(calendar: EventCalendar, store: BookingStore, sender: SmsSender, now: datetime) -> int:
    sent = 0
    for booking, session in due_reminders(calendar, store, now):
        key = f"reminder:{booking.code}"
        if not store.claim(key):
            continue
        text = render_text(
            "utter_sms_booking_reminder", booking.language, code=booking.code,
            place=session.place.name, address=session.place.address, start=session.start.isoformat(),
        )
        try:
            sender.send(booking.phone, text)
        except Exception:  # noqa: BLE001 - any failure: try again next round
            store.release(key)
            logger.warning("A reminder SMS could not be sent; it will be retried")
            continue
        sent += 1
    return sent


def run(once: bool, clock: Callable[[], datetime] = datetime.now) -> None:
    while True:
        count = send_due_reminders(load_events(), default_booking_store(), default_sms_sender(), clock())
        if count:
            logger.info("Sent %d reminder(s)", count)
        if once:
            return
        time.sleep(CHECK_EVERY_SECONDS)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Send booking reminders the day before.")
    parser.add_argument("--once", action="store_true", help="send what is due now and stop")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run(parser.parse_args().once)
