"""Be a phone in the terminal: ``make sms`` (``scripts/sms.sh``).

Each line you type is sent to the running assistant as a signed Twilio
webhook from your number; each SMS the assistant sends to that number is
shown as it leaves the outbox, with its character set and segment count.
Two terminals with two numbers are two phones (e.g. a resident and a staff
member). It reads the same outbox as the assistant (``INNGANG_DATA_DIR`` or
``REDIS_URL``), so it works with the embedded defaults and no Twilio account.

    scripts/sms.sh                          # +4799999901 (example number)
    scripts/sms.sh --number +4799999902     # a second phone
    scripts/sms.sh --whatsapp               # write as whatsapp:+47…
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import uuid
from typing import Optional

import requests
from twilio.request_validator import RequestValidator

from bot.config import load_settings
from bot.outbox.models import PENDING, OutgoingMessage
from bot.outbox.store import Outbox, default_outbox
from bot.sms.encoding import count_segments
from bot.sms.numbers import WHATSAPP_PREFIX, is_whatsapp, number_id

# Example data: a number in a range no Norwegian operator hands out to residents.
EXAMPLE_NUMBER = "+4799999901"
POLL_SECONDS = 0.2
TURN_TIMEOUT_SECONDS = 60


class Phone:
    def __init__(self, address: str, url: str, outbox: Outbox, auth_token: Optional[str]) -> None:
        self.address = address
        self.webhook = url.rstrip("/") + "/webhooks/sms/webhook"
        self.outbox = outbox
        self.validator = RequestValidator(auth_token) if auth_token else None
        self.recipient_id = number_id(address)
        self.lock = threading.Lock()
        # Only what is sent from now on is shown.
        shown = outbox.messages(recipient_id=self.recipient_id, limit=10**9)
        self.last_seq = shown[-1].seq if shown else 0

    def send(self, body: str) -> int:
        params = {"From": self.address, "To": "+4759440000", "Body": body,
                  "MessageSid": f"SMsim{uuid.uuid4().hex}", "NumMedia": "0"}
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.webhook, params)} \
            if self.validator else {}
        return requests.post(self.webhook, data=params, headers=headers, timeout=30).status_code

    def settled(self) -> bool:
        if any(inbound.address == self.address for inbound in self.outbox.waiting()):
            return False
        recent = self.outbox.messages(recipient_id=self.recipient_id, after_seq=self.last_seq)
        return not any(message.status in PENDING for message in recent)

    def show_new(self) -> None:
        with self.lock:
            for message in self.outbox.messages(recipient_id=self.recipient_id, after_seq=self.last_seq):
                if message.status in PENDING:
                    break
                print(describe(message), flush=True)
                self.last_seq = message.seq


def describe(message: OutgoingMessage) -> str:
    channel = "WhatsApp" if is_whatsapp(message.recipient) else "SMS"
    count = count_segments(message.body)
    header = f"--- {channel} from Inngang · {message.status.value} · {count.encoding}, " \
             f"{len(message.body)} characters, {count.segments} segment(s)"
    return f"{header}\n{message.body}\n---"


def watch(phone: Phone) -> None:
    """Messages that arrive on their own (a reminder, a staff member's reply)."""
    while True:
        phone.show_new()
        time.sleep(POLL_SECONDS)


def converse(phone: Phone) -> None:
    print(f"You are {phone.address}. Type a message and press Enter; Ctrl-D ends.", flush=True)
    while True:
        try:
            body = input("> ")
        except EOFError:
            return
        status = phone.send(body)
        if status != 200:
            print(f"(the assistant answered HTTP {status})", flush=True)
            continue
        deadline = time.monotonic() + TURN_TIMEOUT_SECONDS
        while not phone.settled() and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS / 4)
        phone.show_new()


def main(argv: Optional[list] = None) -> None:
    parser = argparse.ArgumentParser(description="Be a phone: send SMS to the running assistant.")
    parser.add_argument("--number", default=EXAMPLE_NUMBER, help=f"your number (default {EXAMPLE_NUMBER})")
    parser.add_argument("--whatsapp", action="store_true", help="write as a WhatsApp sender")
    parser.add_argument("--url", default="http://localhost:5005", help="the assistant (default :5005)")
    args = parser.parse_args(argv)
    settings = load_settings()
    address = (WHATSAPP_PREFIX if args.whatsapp else "") + args.number
    phone = Phone(address, args.url, default_outbox(), settings.twilio_auth_token)
    threading.Thread(target=watch, args=(phone,), daemon=True).start()
    try:
        converse(phone)
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
