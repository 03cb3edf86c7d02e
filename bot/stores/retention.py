"""Conversations expire after the retention time, in SQLite as in Redis.

Redis expires a conversation's key by itself (``record_exp``, see
factories.py). SQLite keeps rows until they are deleted, so the Rasa server
runs :func:`purge_forever`: every hour it deletes every conversation whose
latest event is older than ``INNGANG_TRACKER_RETENTION_DAYS`` (30 days).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, List

from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from sqlalchemy import func

from bot.config import Settings
from bot.stores.factories import SECONDS_PER_DAY

logger = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 60 * 60
# SQLite allows at most 999 parameters in one statement.
DELETE_BATCH = 500


def purge_expired_conversations(tracker_store: TrackerStore, retention_days: int, now: float) -> int:
    """Delete SQL conversations idle for longer than ``retention_days``; how many."""
    store = getattr(tracker_store, "_tracker_store", tracker_store)  # AwaitableTrackerStore
    if not isinstance(store, SQLTrackerStore):
        return 0
    cutoff = now - retention_days * SECONDS_PER_DAY
    event = SQLTrackerStore.SQLEvent
    with store.session_scope() as session:
        stale: List[str] = [
            row[0] for row in session.query(event.sender_id)
            .group_by(event.sender_id).having(func.max(event.timestamp) < cutoff)
        ]
        for start in range(0, len(stale), DELETE_BATCH):
            batch = stale[start:start + DELETE_BATCH]
            session.query(event).filter(event.sender_id.in_(batch)).delete(synchronize_session=False)
        session.commit()
    return len(stale)


async def purge_forever(agent: Any, settings: Settings) -> None:
    """The Rasa server's hourly purge (a no-op for Redis, which expires keys itself)."""
    while True:
        try:
            purged = await asyncio.to_thread(
                purge_expired_conversations, agent.tracker_store, settings.tracker_retention_days, time.time()
            )
            if purged:
                logger.info("Deleted %d conversations idle for over %d days", purged, settings.tracker_retention_days)
        except Exception:  # the next hour tries again; the server keeps answering
            logger.exception("Purging old conversations failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)
