"""Factories for Rasa's tracker and lock stores."""

from __future__ import annotations

from typing import Any, Dict, Optional
from urllib.parse import unquote, urlparse

import redis
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain

from bot.config import Settings, load_settings
from bot.stores.redis_lock import AtomicRedisLockStore

KEY_PREFIX = "inngang"
SECONDS_PER_DAY = 24 * 60 * 60


def redis_connection_args(redis_url: str) -> Dict[str, Any]:
    """Split ``redis://[user:password@]host:port/db`` into Rasa's store arguments."""
    parsed = urlparse(redis_url)
    if parsed.scheme not in ("redis", "rediss"):
        raise ValueError("REDIS_URL must start with redis:// or rediss://")
    db_path = parsed.path.lstrip("/")
    return {
        "host": parsed.hostname or "localhost",
        "port": parsed.port or 6379,
        "db": int(db_path) if db_path else 0,
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "use_ssl": parsed.scheme == "rediss",
    }


def build_tracker_store(
    settings: Settings, domain: Optional[Domain] = None, event_broker: Any = None
) -> TrackerStore:
    """Redis when configured, else SQLite in the data directory."""
    domain = domain or Domain.empty()
    if settings.redis_url:
        return RedisTrackerStore(
            domain=domain,
            event_broker=event_broker,
            # Conversations hold message texts and are keyed by phone number:
            # let them expire instead of keeping them for ever.
            record_exp=settings.tracker_retention_days * SECONDS_PER_DAY,
            key_prefix=KEY_PREFIX,
            **redis_connection_args(settings.redis_url),
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SQLTrackerStore(
        domain=domain,
        dialect="sqlite",
        db=str(settings.sqlite_tracker_path),
        event_broker=event_broker,
    )


# A Redis call that hangs must not hold a resident's turn for ever.
REDIS_SOCKET_TIMEOUT_SECONDS = 5


def build_lock_store(settings: Settings) -> LockStore:
    """Our atomic Redis lock when Redis is configured (needed once several
    Rasa processes share conversations; Rasa's own RedisLockStore is not
    safe across them), else an in-process lock store."""
    if settings.redis_url:
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=REDIS_SOCKET_TIMEOUT_SECONDS,
                                      socket_connect_timeout=REDIS_SOCKET_TIMEOUT_SECONDS)
        return AtomicRedisLockStore(client, key_prefix=f"{KEY_PREFIX}:lock:")
    return InMemoryLockStore()


class ConfiguredTrackerStore:
    """Named in ``endpoints.yml``; constructing it returns the configured store."""

    def __new__(
        cls,
        host: Optional[str] = None,
        domain: Optional[Domain] = None,
        event_broker: Any = None,
        **kwargs: Any,
    ) -> TrackerStore:
        return build_tracker_store(load_settings(), domain, event_broker)


class ConfiguredLockStore:
    """Named in ``endpoints.yml``; constructing it returns the configured store."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:
        return build_lock_store(load_settings())


def delete_conversation(tracker_store: TrackerStore, sender_id: str) -> bool:
    """Delete a conversation's tracker (Rasa 3.6 stores have no delete);
    True if the store is one we know how to delete from."""
    store = getattr(tracker_store, "_tracker_store", tracker_store)  # AwaitableTrackerStore
    if isinstance(store, RedisTrackerStore):
        store.red.delete(store.key_prefix + sender_id)
        return True
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            session.query(SQLTrackerStore.SQLEvent).filter_by(sender_id=sender_id).delete()
            session.commit()
        return True
    if isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
        return True
    return False
