"""Old SQLite conversations are purged after the retention time."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores.retention import SECONDS_PER_DAY, purge_expired_conversations

NOW = time.time()


def _save(store, sender: str, days_ago: float) -> None:
    tracker = DialogueStateTracker.from_events(
        sender, [UserUttered("hei", timestamp=NOW - days_ago * SECONDS_PER_DAY)]
    )
    asyncio.run(store.save(tracker))


def _senders(store) -> set:
    return set(asyncio.run(store.keys()))


def test_conversations_idle_past_the_retention_are_deleted_others_kept(tmp_path: Path):
    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    _save(store, "old", days_ago=31)
    _save(store, "recent", days_ago=29)
    _save(store, "old-but-active", days_ago=40)
    active = asyncio.run(store.retrieve("old-but-active"))
    active.update(UserUttered("igjen", timestamp=NOW - SECONDS_PER_DAY))
    asyncio.run(store.save(active))

    assert purge_expired_conversations(store, 30, NOW) == 1
    assert _senders(store) == {"recent", "old-but-active"}
    assert purge_expired_conversations(store, 30, NOW) == 0


def test_stores_that_expire_by_themselves_are_left_alone():
    store = InMemoryTrackerStore(Domain.empty())
    _save(store, "old", days_ago=365)
    assert purge_expired_conversations(store, 30, NOW) == 0
    assert _senders(store) == {"old"}
