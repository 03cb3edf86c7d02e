"""The sender: takes due messages from the outbox and hands them over.

Runs as a background task of the Rasa server (bot/channels/sms.py starts
it), or alone: ``python -m bot.outbox.worker``. Several may run at once
(replicas): claiming is atomic, so each message is handed over by one.

**At most once.** A message is marked *sending* before the request to
Twilio and *sent* after it. A sender that stops between the two leaves a
claim that is never retried; :meth:`OutboxWorker.recover` marks it
*unknown* for staff to see (``scripts/outbox.sh``). Twilio's API has no
idempotency key, so a retry after such a stop could deliver twice; a
resident who gets the same confirmation twice, or a staff member who gets a
case twice, is worse than one message that staff can see and resend. Every
*definite* failure (an HTTP error answer) is retried with back-off, because
then Twilio has said it did not take the message.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from typing import Callable, Optional

from bot.config import Settings, load_settings
from bot.outbox.models import Kind, OutgoingMessage, Status
from bot.outbox.policy import Outcome, backoff_seconds, classify
from bot.outbox.senders import Sender, SendError, build_sender
from bot.outbox.store import Outbox, default_outbox
from bot.sms.optout import OptOuts

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.1
# A claim older than this was left by a sender that stopped (Twilio's own
# request timeout is far shorter).
CLAIM_LEASE_SECONDS = 120
DAY_SECONDS = 24 * 60 * 60
# Sent even to a number that has just opted out, and past the daily cap:
# the one confirmation of STOP.
ALWAYS_SENT = frozenset({Kind.OPT_OUT_CONFIRMATION.value})


class OutboxWorker:
    def __init__(self, outbox: Outbox, sender: Sender, optouts: OptOuts, settings: Settings,
                 clock: Callable[[], float] = time.time) -> None:
        self.outbox = outbox
        self.sender = sender
        self.optouts = optouts
        self.settings = settings
        self.clock = clock

    def send_next(self) -> bool:
        """Hand over one due message; False when none is due."""
        message = self.outbox.claim(self.clock())
        if message is None:
            return False
        held = self._held_back(message)
        if held is not None:
            self.outbox.finish(message.key, held, self.clock())
            logger.info("Outbox %s (%s): not sent, %s", message.key, message.kind, held.value)
            return True
        try:
            provider_id = self.sender.send(message)
        except SendError as error:
            self._failed(message, error)
            return True
        self.outbox.finish(message.key, Status.SENT, self.clock(), provider_id=provider_id)
        logger.info("Outbox %s (%s): sent", message.key, message.kind)
        return True

    def drain(self) -> int:
        """Send everything that is due now; returns how many were handled."""
        handled = 0
        while self.send_next():
            handled += 1
        return handled

    def recover(self) -> int:
        now = self.clock()
        return self.outbox.recover(now - CLAIM_LEASE_SECONDS, now)

    def _held_back(self, message: OutgoingMessage) -> Optional[Status]:
        if message.kind in ALWAYS_SENT:
            return None
        if self.optouts.is_opted_out(message.recipient):
            return Status.OPTED_OUT
        if self.outbox.sent_since(message.recipient_id, self.clock() - DAY_SECONDS) >= self.settings.sms_daily_cap:
            return Status.CAPPED
        return None

    def _failed(self, message: OutgoingMessage, error: SendError) -> None:
        outcome = classify(error.http_status, error.code)
        now, reason = self.clock(), str(error)
        logger.info("Outbox %s (%s): attempt %d failed, %s (%s)",
                    message.key, message.kind, message.attempts, outcome.value, reason)
        if outcome is Outcome.OPTED_OUT:
            self.optouts.opt_out(message.recipient)
            self.outbox.finish(message.key, Status.OPTED_OUT, now, error=reason)
        elif outcome is Outcome.PERMANENT or message.attempts >= self.settings.outbox_max_attempts:
            self.outbox.finish(message.key, Status.FAILED, now, error=reason)
        else:
            wait = backoff_seconds(message.attempts, self.settings.outbox_retry_seconds)
            if outcome is Outcome.RATE_LIMITED:
                # The limit is the account's: every message waits, not just this one.
                self.outbox.pause(now + wait)
            self.outbox.retry(message.key, now + wait, reason, now)


def build_worker(settings: Optional[Settings] = None) -> OutboxWorker:
    settings = settings or load_settings()
    return OutboxWorker(default_outbox(), build_sender(settings), OptOuts(), settings)


async def run_forever(worker: OutboxWorker, poll_seconds: float = POLL_SECONDS) -> None:
    """Send what is due, then look again; the store calls run in a thread."""
    await asyncio.to_thread(worker.recover)
    while True:
        try:
            await asyncio.to_thread(worker.drain)
        except Exception:  # noqa: BLE001 - a store hiccup must not end the sender
            logger.exception("The outbox sender failed; trying again")
        await asyncio.sleep(poll_seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Send the messages waiting in the outbox.")
    parser.add_argument("--once", action="store_true", help="send what is due now and stop")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if parser.parse_args().once:
        build_worker().drain()
    else:
        asyncio.run(run_forever(build_worker()))
