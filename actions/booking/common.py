"""Shared pieces of the booking actions: stores, the resident's phone, slots."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.booking.events import EventCalendar, Session
from bot.outbox.store import default_outbox
from bot.sms import SMS_CHANNEL
from bot.sms.numbers import phone_of

# Cleared after every booking attempt. booking_phone is kept, so that a web
# resident can list or cancel bookings later in the same conversation.
BOOKING_SLOTS = (
    "booking_kind", "booking_offered", "booking_session", "booking_adults", "booking_children_ages",
    "booking_interpreter", "booking_first_name", "booking_confirmed",
)


def now() -> datetime:
    """The local time of the bydel's sessions (a function so tests can replace it)."""
    return datetime.now()


def resident_phone(tracker: Tracker) -> Optional[str]:
    """On SMS the number the conversation stands for (its id is a keyed
    hash, and the outbox knows the address); on the web they give it."""
    if tracker.get_latest_input_channel() == SMS_CHANNEL:
        address = default_outbox().address_of(tracker.sender_id)
        if address:
            return phone_of(address)
    return tracker.get_slot("booking_phone")


def session_values(session: Session, taken: int = 0) -> Dict[str, Any]:
    """Response arguments describing a session (bokmål source texts for ":t")."""
    return {
        "session_id": session.id,
        "place": session.place.name,
        "address": session.place.address,
        "session_kind": session.kind,
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "bring": session.bring,
        "free": max(session.capacity - taken, 0),
    }


def reset_booking_slots() -> List[Dict[str, Any]]:
    return [SlotSet(name, None) for name in BOOKING_SLOTS]


def open_sessions(calendar: EventCalendar, store, kind: str, limit: int = 5) -> List[Session]:
    """The next sessions of a kind that still have a free place."""
    upcoming = calendar.upcoming(kind, now(), limit=50)
    return [s for s in upcoming if store.seats_taken(s.id) < s.capacity][:limit]
