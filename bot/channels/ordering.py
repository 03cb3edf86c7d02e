"""Turns of one conversation run one after another, in the order they came.

The SMS webhook answers Twilio at once and runs the turn in the background.
Two messages from one resident must still be handled in order, and their
replies queued in order: each new turn waits for the one before it. (Across
Rasa processes, Rasa's lock store keeps turns from overlapping.)
"""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Dict

logger = logging.getLogger(__name__)


class ConversationTurns:
    def __init__(self) -> None:
        self._last: Dict[str, "asyncio.Task[None]"] = {}

    def schedule(self, conversation: str, turn: Callable[[], Awaitable[None]]) -> "asyncio.Task[None]":
        previous = self._last.get(conversation)

        async def run_after_previous() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            try:
                await turn()
            except Exception:  # noqa: BLE001 - one failed turn must not stop the next
                logger.exception("A background turn failed")

        task = asyncio.create_task(run_after_previous())
        self._last[conversation] = task
        task.add_done_callback(lambda done: self._forget(conversation, done))
        return task

    def _forget(self, conversation: str, task: "asyncio.Task[None]") -> None:
        if self._last.get(conversation) is task:
            del self._last[conversation]

    async def wait_all(self) -> None:
        """Until every scheduled turn has run (shutdown, tests)."""
        while self._last:
            await asyncio.wait(list(self._last.values()))
