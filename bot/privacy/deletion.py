"""Deleting a resident's data on request (SLETT by SMS).

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

from rasa.core.tracker_store import TrackerStore

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
