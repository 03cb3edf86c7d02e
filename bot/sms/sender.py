"""Sending SMS that no resident message asked for: confirmations, reminders.

Two senders behind one interface, chosen from the environment:

- :class:`TwilioSender` when ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and
  ``TWILIO_FROM_NUMBER`` are set (``TWILIO_API_BASE_URL`` points the SDK at
  another address, e.g. a local fake in tests);
- :class:`OutboxSender` otherwise: each message becomes one JSON line in
  ``var/outbox/sms.jsonl``, so a developer can see what would have been sent.

Both are wrapped in :class:`OptOutAwareSender`: nothing goes to a number that
has said STOP, and Twilio's error 21610 records such an opt-out.
Message texts and numbers are never logged.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from bot.config import Settings, load_settings
from bot.sms.encoding import prefer_gsm7
from bot.sms.optout import OptOuts

logger = logging.getLogger(__name__)


# Twilio: "Attempt to send to unsubscribed recipient" (the carrier's STOP).
TWILIO_OPTED_OUT = 21610


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> str:
        """Send ``body`` to ``to`` (E.164); returns the message id ("" if not sent)."""


class OutboxSender:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, to: str, body: str) -> str:
        message_id = f"OUTBOX{uuid.uuid4().hex[:24]}"
        line = json.dumps(
            {"id": message_id, "to": to, "body": prefer_gsm7(body),
             "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        logger.info("SMS written to the local outbox")
        return message_id


class TwilioSender:
    def __init__(self, account_sid: str, auth_token: str, from_number: str, api_base_url: str | None = None) -> None:
        from twilio.rest import Client

        self._client = Client(account_sid, auth_token)
        if api_base_url:
            self._client.api.base_url = api_base_url
        self._from = from_number

    def send(self, to: str, body: str) -> str:
        message = self._client.messages.create(to=to, from_=self._from, body=prefer_gsm7(body)[:1600])
        logger.info("SMS sent through Twilio")
        return message.sid


class OptOutAwareSender:
    """Sends nothing to a number that said STOP."""

    def __init__(self, inner: SmsSender, optouts: OptOuts) -> None:
        self.inner = inner
        self.optouts = optouts

    def send(self, to: str, body: str) -> str:
        if self.optouts.is_opted_out(to):
            logger.info("SMS not sent: the recipient has opted out")
            return ""
        from twilio.base.exceptions import TwilioRestException

        try:
            return self.inner.send(to, body)
        except TwilioRestException as error:
            if error.code != TWILIO_OPTED_OUT:
                raise
            self.optouts.opt_out(to)
            logger.info("SMS not sent: Twilio says the recipient has opted out (21610)")
            return ""


def build_sms_sender(settings: Settings) -> SmsSender:
    inner: SmsSender
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from_number:
        inner = TwilioSender(
            settings.twilio_account_sid, settings.twilio_auth_token,
            settings.twilio_from_number, settings.twilio_api_base_url,
        )
    else:
        inner = OutboxSender(settings.data_dir / "outbox" / "sms.jsonl")
    return OptOutAwareSender(inner, OptOuts())


@lru_cache(maxsize=1)
def default_sms_sender() -> SmsSender:
    """The process-wide sender, built on first use (tests call cache_clear)."""
    return build_sms_sender(load_settings())
