"""Who hands an outgoing message over: Twilio, or the local outbox.

- :class:`TwilioSender` when ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and
  ``TWILIO_FROM_NUMBER`` are set (``TWILIO_API_BASE_URL`` points the SDK at
  another address, e.g. a local fake in tests);
- :class:`LocalSender` otherwise: the message stays in the outbox, marked
  sent, where ``scripts/outbox.sh`` and the SMS simulator show it.

Failures are raised as :class:`SendError` with Twilio's HTTP status and
error code, which bot/outbox/policy.py turns into retry, back-off or stop.
"""

from __future__ import annotations

from typing import Optional, Protocol

from bot.config import Settings
from bot.outbox.models import OutgoingMessage
from bot.sms.encoding import WHATSAPP_MAX_CHARACTERS
from bot.sms.numbers import WHATSAPP_PREFIX, is_whatsapp

# Twilio's longest body for one SMS request.
SMS_MAX_CHARACTERS = 1600
STATUS_CALLBACK_PATH = "/webhooks/sms/status"


class SendError(Exception):
    def __init__(self, http_status: Optional[int], code: Optional[int]) -> None:
        super().__init__(f"HTTP {http_status}, Twilio error {code}")
        self.http_status = http_status
        self.code = code


class Sender(Protocol):
    def send(self, message: OutgoingMessage) -> str:
        """Hand ``message`` over; returns the provider's message id."""


class LocalSender:
    """The embedded default: nothing leaves the machine."""

    def send(self, message: OutgoingMessage) -> str:
        return f"LOCAL{message.seq:08d}"


class TwilioSender:
    def __init__(self, settings: Settings) -> None:
        from twilio.rest import Client

        self._client = Client(settings.twilio_account_sid, settings.twilio_auth_token)
        if settings.twilio_api_base_url:
            self._client.api.base_url = settings.twilio_api_base_url
        self._from = settings.twilio_from_number or ""
        self._whatsapp_from = settings.whatsapp_from_number or WHATSAPP_PREFIX + self._from
        self._status_callback = settings.public_url + STATUS_CALLBACK_PATH if settings.public_url else None

    def send(self, message: OutgoingMessage) -> str:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        whatsapp = is_whatsapp(message.recipient)
        limit = WHATSAPP_MAX_CHARACTERS if whatsapp else SMS_MAX_CHARACTERS
        arguments = {"to": message.recipient, "from_": self._whatsapp_from if whatsapp else self._from,
                     "body": message.body[:limit]}
        if self._status_callback:
            arguments["status_callback"] = self._status_callback
        try:
            return self._client.messages.create(**arguments).sid
        except TwilioRestException as error:
            raise SendError(error.status, error.code) from None
        except (TwilioException, OSError) as error:
            # No answer from Twilio (network, timeout): worth another try.
            raise SendError(None, None) from error


def build_sender(settings: Settings) -> Sender:
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from_number:
        return TwilioSender(settings)
    return LocalSender()
