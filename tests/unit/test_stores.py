"""Tracker and lock stores chosen from the environment, on a real redis-server."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.config import load_settings
from bot.stores import (
    ConfiguredLockStore,
    ConfiguredTrackerStore,
    build_lock_store,
    build_tracker_store,
    redis_connection_args,
)
from bot.stores.redis_lock import AtomicRedisLockStore

DOMAIN = Domain.from_dict({
    "intents": ["greet"],
    "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}},
})


def conversation(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [UserUttered("Salaan", {"name": "greet", "confidence": 1.0}), SlotSet("language", "so")],
        slots=DOMAIN.slots,
    )


def test_redis_url_is_split_into_store_arguments():
    assert redis_connection_args("redis://user:p%40ss@cache.example:6380/2") == {
        "host": "cache.example", "port": 6380, "db": 2,
        "username": "user", "password": "p@ss", "use_ssl": False,
    }
    assert redis_connection_args("rediss://localhost")["use_ssl"] is True
    with pytest.raises(ValueError, match="REDIS_URL"):
        redis_connection_args("http://localhost:6379")


def test_without_redis_conversations_go_to_sqlite(tmp_path):
    settings = load_settings({"INNGANG_DATA_DIR": str(tmp_path)})
    store = build_tracker_store(settings, DOMAIN)
    assert isinstance(store, SQLTrackerStore)
    asyncio.run(store.save(conversation("+4790000001")))
    reopened = build_tracker_store(settings, DOMAIN)
    restored = asyncio.run(reopened.retrieve("+4790000001"))
    assert restored.get_slot("language") == "so"
    assert (tmp_path / "conversations.db").exists()
    assert isinstance(build_lock_store(settings), InMemoryLockStore)


def test_with_redis_url_conversations_and_locks_use_redis(redis_server, redis_client, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    monkeypatch.setenv("INNGANG_TRACKER_RETENTION_DAYS", "2")
    store = ConfiguredTrackerStore(host=None, domain=DOMAIN, event_broker=None)
    assert isinstance(store, RedisTrackerStore)
    asyncio.run(store.save(conversation("+4790000002")))

    keys = [key.decode() for key in redis_client.keys("*")]
    assert keys == ["inngang:tracker:+4790000002"]
    ttl = redis_client.ttl(keys[0])
    assert 2 * 86400 - 60 < ttl <= 2 * 86400  # conversations expire (privacy)
    assert asyncio.run(store.retrieve("+4790000002")).get_slot("language") == "so"

    lock_store = ConfiguredLockStore(endpoint_config=EndpointConfig(type="bot.stores.ConfiguredLockStore"))
    assert isinstance(lock_store, AtomicRedisLockStore)

    async def hold_lock():
        async with lock_store.lock("+4790000002"):
            return sorted(key.decode() for key in redis_client.keys("inngang:lock:*"))

    held = asyncio.run(hold_lock())
    assert held[0] == "inngang:lock:+4790000002:alive:" + held[0].rsplit(":", 1)[1]
    assert held[1:] == ["inngang:lock:+4790000002:queue", "inngang:lock:+4790000002:ticket"]
    # Released: only the ticket counter is left, and it expires by itself.
    assert [key.decode() for key in redis_client.keys("inngang:lock:*")] == ["inngang:lock:+4790000002:ticket"]
    assert redis_client.ttl("inngang:lock:+4790000002:ticket") > 0


def test_rasa_builds_our_stores_from_endpoints(monkeypatch, tmp_path):
    """The classes named in endpoints.yml are what Rasa instantiates."""
    from rasa.core.lock_store import LockStore
    from rasa.core.tracker_store import TrackerStore

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("INNGANG_DATA_DIR", str(tmp_path))
    tracker_store = TrackerStore.create(EndpointConfig(type="bot.stores.ConfiguredTrackerStore"), DOMAIN)
    inner = getattr(tracker_store, "_tracker_store", tracker_store)
    assert isinstance(inner, SQLTrackerStore)
    lock_store = LockStore.create(EndpointConfig(type="bot.stores.ConfiguredLockStore"))
    assert isinstance(lock_store, InMemoryLockStore)
