"""Outgoing messages and their states."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Optional


class Status(str, Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    OPTED_OUT = "opted_out"
    """Not sent: the recipient said STOP (to us or to the carrier, 21610)."""
    CAPPED = "capped"
    """Not sent: the recipient's daily SMS cap was reached."""
    UNKNOWN = "unknown"
    """The sender stopped while handing it to Twilio; not retried (at most once)."""
    DELETED = "deleted"
    """Removed on the resident's request before it was sent."""


# Waiting to be sent; a later message to the same recipient waits behind these.
PENDING = (Status.QUEUED, Status.SENDING)

# Twilio's status callbacks may arrive out of order: a status only replaces
# an earlier one in this order (shared/notes/rasa-twilio-redis-facts.md §3).
PROGRESS = {
    Status.QUEUED: 0, Status.SENDING: 1, Status.SENT: 2,
    Status.DELIVERED: 3, Status.UNDELIVERED: 3, Status.FAILED: 3, Status.READ: 4,
}


class Kind(str, Enum):
    REPLY = "reply"
    OPT_OUT_CONFIRMATION = "stop_confirmation"
    CONFIRMATION = "confirmation"
    REMINDER = "reminder"
    STAFF = "staff"
    CASE = "case"  # to the resident about their handoff case


@dataclass(frozen=True)
class OutgoingMessage:
    key: str
    """Idempotency key: enqueueing the same key twice queues one message."""
    recipient: str
    """Where it goes: ``+47…`` (SMS) or ``whatsapp:+47…``."""
    recipient_id: str
    """Keyed hash of the number, for lookups that must not need the number."""
    body: str
    kind: str
    status: Status = Status.QUEUED
    seq: int = 0
    attempts: int = 0
    next_attempt: float = 0.0
    created: float = 0.0
    updated: float = 0.0
    provider_id: Optional[str] = None
    error: Optional[str] = None


@dataclass(frozen=True)
class InboundMessage:
    """A resident's message accepted by the webhook, waiting for its turn."""

    sid: str
    conversation: str
    address: str
    body: str
    received: float
