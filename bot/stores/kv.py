"""A small key-value store with expiry, for SMS deduplication and paging.

Redis when ``REDIS_URL`` is set (shared by every Rasa process, so a Twilio
retry that lands on another process is still recognised); otherwise an
in-process store, which is what a single local process needs.
"""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from typing import Dict, Optional, Protocol, Tuple

from bot.config import Settings, load_settings


class KeyValueStore(Protocol):
    def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        """Store ``value`` unless ``key`` exists; True if it was stored."""

    def put(self, key: str, value: str, ttl_seconds: int) -> None: ...

    def get(self, key: str) -> Optional[str]: ...

    def delete(self, key: str) -> None: ...


class InMemoryStore:
    def __init__(self, clock=time.monotonic) -> None:
        self._items: Dict[str, Tuple[float, str]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _live(self, key: str) -> Optional[str]:
        item = self._items.get(key)
        if item and item[0] > self._clock():
            return item[1]
        self._items.pop(key, None)
        return None

    def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._items[key] = (self._clock() + ttl_seconds, value)
            return True

    def put(self, key: str, value: str, ttl_seconds: int) -> None:
        with self._lock:
            self._items[key] = (self._clock() + ttl_seconds, value)

    def get(self, key: str) -> Optional[str]:
        with self._lock:
            return self._live(key)

    def delete(self, key: str) -> None:
        with self._lock:
            self._items.pop(key, None)


class RedisStore:
    def __init__(self, client, prefix: str = "inngang:kv:") -> None:
        self._client = client
        self._prefix = prefix

    def add(self, key: str, value: str, ttl_seconds: int) -> bool:
        # SET NX EX is one atomic command: two processes cannot both win.
        return bool(self._client.set(self._prefix + key, value, nx=True, ex=ttl_seconds))

    def put(self, key: str, value: str, ttl_seconds: int) -> None:
        self._client.set(self._prefix + key, value, ex=ttl_seconds)

    def get(self, key: str) -> Optional[str]:
        value = self._client.get(self._prefix + key)
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def delete(self, key: str) -> None:
        self._client.delete(self._prefix + key)


def build_kv_store(settings: Settings) -> KeyValueStore:
    if settings.redis_url:
        import redis

        return RedisStore(redis.Redis.from_url(settings.redis_url, socket_timeout=5))
    return InMemoryStore()


@lru_cache(maxsize=1)
def default_kv_store() -> KeyValueStore:
    """The process-wide store, built on first use (tests call cache_clear)."""
    return build_kv_store(load_settings())
