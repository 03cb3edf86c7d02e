"""The case worker: delivers cases when a working window opens and escalates
cases not taken in time. A background task of the Rasa server
(bot/channels/sms.py starts it next to the outbox sender)."""

from __future__ import annotations

import asyncio
import logging

from bot.clock import now
from bot.config import load_settings
from bot.handoff.service import Handoffs

logger = logging.getLogger(__name__)


async def run_cases_forever(handoffs: Handoffs) -> None:
    settings = load_settings()
    while True:
        try:
            await asyncio.to_thread(lambda: handoffs.run_due(now(settings)))
        except Exception:  # noqa: BLE001 - a store hiccup must not end the worker
            logger.exception("The case worker failed; trying again")
        await asyncio.sleep(settings.case_check_seconds)
