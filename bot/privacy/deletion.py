"""Deleting a resident's data on request: SLETT by SMS, or asking in the chat.

The dialogue asks for a yes and then says ``utter_forget_requested``, a
marker (:func:`asks_to_forget`); the channel deletes after the turn, when
the conversation is no longer being written.

What exists today and is deleted: the conversation (the tracker), the
personal fields of their bookings (the bookings are cancelled and kept
only as anonymous counts), the messages still waiting in the outbox for
their number, the number behind the conversation id, and its paging state.
Handoff cases are withdrawn (staff are told) and kept without number,
message or children's ages.
Already-sent messages keep their status for the SMS accounts, with the
number and text removed. The STOP record (a keyed hash) is kept, because
deleting it would start sending again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered

from bot import clock
from bot.booking.store import BookingStore
from bot.handoff.service import Handoffs
from bot.outbox.store import Outbox
from bot.sms.numbers import number_id, phone_of
from bot.stores.factories import delete_conversation
from bot.stores.kv import KeyValueStore


@dataclass(frozen=True)
class DeletionReceipt:
    conversation_deleted: bool
    bookings: int
    """Bookings cancelled and stripped of phone and name."""
    waiting_messages: int
    """Messages to the number that had not been sent and never will be."""


# The custom payload of utter_forget_requested (domain/privacy.yml).
FORGET_MARKER = "forget"
# The receipt, with {bookings} and {messages}.
DELETED_RESPONSE = "utter_deleted"
KEPT_RESPONSE = "utter_delete_kept"
# The custom payload of utter_booking_confirmed (domain/booking.yml).
BOOKING_PAYLOAD = "booking"


def _is_forget_marker(message: Dict[str, Any]) -> bool:
    return (message.get("custom") or {}).get("type") == FORGET_MARKER


def asks_to_forget(messages: Iterable[Dict[str, Any]]) -> bool:
    """Whether a turn's output holds the marker (it is never shown)."""
    return any(_is_forget_marker(message) for message in messages)


def without_marker(messages: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [message for message in messages if not _is_forget_marker(message)]


async def delete_web_resident(conversation: str, tracker_store: TrackerStore, bookings: BookingStore,
                              outbox: Outbox, handoffs: Handoffs) -> DeletionReceipt:
    """The chat's conversation, the bookings confirmed in it, and what waits for their numbers.

    On the web the booking code is the key, so exactly the bookings made in
    this conversation go, not every booking of a number typed into it.
    """
    tracker = await tracker_store.retrieve(conversation)
    codes = _booked_codes(tracker.events if tracker else [])
    phones = {booking.phone for code in codes if (booking := bookings.get(code)) and booking.phone}
    handoffs.forget(conversation, clock.now())
    forgotten = sum(bookings.forget_code(code) for code in codes)
    waiting = sum(outbox.forget(number_id(phone), time.time()) for phone in phones)
    outbox.forget_conversation(conversation)
    return DeletionReceipt(delete_conversation(tracker_store, conversation), forgotten, waiting)


def _booked_codes(events: Iterable[Any]) -> List[str]:
    codes = []
    for event in events:
        custom = (event.data or {}).get("custom") if isinstance(event, BotUttered) else None
        if isinstance(custom, dict) and custom.get("type") == BOOKING_PAYLOAD and custom.get("code"):
            codes.append(str(custom["code"]))
    return list(dict.fromkeys(codes))


def delete_sms_resident(conversation: str, address: str, tracker_store: TrackerStore,
                        bookings: BookingStore, outbox: Outbox, kv: KeyValueStore,
                        handoffs: Handoffs) -> DeletionReceipt:
    phone = phone_of(address)
    # First, so that the staff member hears the case is withdrawn.
    handoffs.forget(conversation, clock.now())
    receipt = DeletionReceipt(
        conversation_deleted=delete_conversation(tracker_store, conversation),
        bookings=bookings.forget_phone(phone),
        waiting_messages=outbox.forget(number_id(phone), time.time()),
    )
    outbox.forget_conversation(conversation)
    kv.delete(f"sms:pages:{conversation}")
    return receipt
