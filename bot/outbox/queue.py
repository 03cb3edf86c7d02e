"""Putting a message in the outbox: the one way Inngang sends anything."""

from __future__ import annotations

import time
from typing import Any, Callable, Optional

from bot.nlg import render_outside_turn
from bot.outbox.models import OutgoingMessage
from bot.outbox.store import Outbox, default_outbox
from bot.sms import SMS_CHANNEL
from bot.sms.encoding import as_sms_text
from bot.sms.numbers import number_id, phone_of


def queue_text(recipient: str, body: str, key: str, kind: str, outbox: Optional[Outbox] = None,
               clock: Callable[[], float] = time.time) -> bool:
    """Queue ``body`` for ``recipient`` (``+47…`` or ``whatsapp:+47…``) under
    the idempotency ``key``; False if that key was queued before."""
    now = clock()
    return (outbox or default_outbox()).enqueue(OutgoingMessage(
        key=key, recipient=recipient, recipient_id=number_id(phone_of(recipient)), body=body, kind=kind,
        next_attempt=now, created=now,
    ))


def queue_response(recipient: str, response: str, language: str, key: str, kind: str,
                   outbox: Optional[Outbox] = None, **values: Any) -> bool:
    """Render a domain response (its ``channel: sms`` variation where there
    is one) in ``language`` and queue it."""
    text = as_sms_text([render_outside_turn(response, language, SMS_CHANNEL, **values)])
    return queue_text(recipient, text, key, kind, outbox)
