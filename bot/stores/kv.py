"""A small key-value store with expiry: SMS deduplication, paging, opt-outs.

Redis when ``REDIS_URL`` is set (shared by every Rasa process, so a Twilio
retry that lands on another process is still recognised); otherwise SQLite
in the data directory, shared by the Rasa server, the action server and the
reminder process on one machine, and kept across restarts (an opt-out must
outlive the process that recorded it). ``ttl_seconds=None`` keeps an entry
until it is deleted.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Protocol, Tuple

from bot.config import Settings, load_settings


class KeyValueStore(Protocol):
    def add(self, key: str, value: str, ttl_seconds: Optional[int]) -> bool:
        """Store ``value`` unless ``key`` exists; True if it was stored."""

    def put(self, key: str, value: str, ttl_seconds: Optional[int]) -> None: ...

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

    def _expiry(self, ttl_seconds: Optional[int]) -> float:
        return float("inf") if ttl_seconds is None else self._clock() + ttl_seconds

    def add(self, key: str, value: str, ttl_seconds: Optional[int]) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._items[key] = (self._expiry(ttl_seconds), value)
            return True

    def put(self, key: str, value: str, ttl_seconds: Optional[int]) -> None:
        with self._lock:
            self._items[key] = (self._expiry(ttl_seconds), value)

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

    def add(self, key: str, value: str, ttl_seconds: Optional[int]) -> bool:
        # SET NX EX is one atomic command: two processes cannot both win.
        return bool(self._client.set(self._prefix + key, value, nx=True, ex=ttl_seconds))

    def put(self, key: str, value: str, ttl_seconds: Optional[int]) -> None:
        self._client.set(self._prefix + key, value, ex=ttl_seconds)

    def get(self, key: str) -> Optional[str]:
        value = self._client.get(self._prefix + key)
        return value.decode("utf-8") if isinstance(value, bytes) else value

    def delete(self, key: str) -> None:
        self._client.delete(self._prefix + key)


class SqliteStore:
    """The embedded default: one table, expiry as a wall-clock timestamp."""

    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL)"
            )

    def _connect(self) -> sqlite3.Connection:
        # One short connection per call: several processes share the file.
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)

    def _expiry(self, ttl_seconds: Optional[int]) -> Optional[float]:
        return None if ttl_seconds is None else self._clock() + ttl_seconds

    def add(self, key: str, value: str, ttl_seconds: Optional[int]) -> bool:
        with self._connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("DELETE FROM kv WHERE key = ? AND expires <= ?", (key, self._clock()))
            cursor = connection.execute(
                "INSERT OR IGNORE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                (key, value, self._expiry(ttl_seconds)),
            )
            connection.execute("COMMIT")
            return cursor.rowcount == 1

    def put(self, key: str, value: str, ttl_seconds: Optional[int]) -> None:
        with self._connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO kv (key, value, expires) VALUES (?, ?, ?)",
                (key, value, self._expiry(ttl_seconds)),
            )

    def get(self, key: str) -> Optional[str]:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)",
                (key, self._clock()),
            ).fetchone()
        return row[0] if row else None

    def delete(self, key: str) -> None:
        with self._connect() as connection:
            connection.execute("DELETE FROM kv WHERE key = ?", (key,))


def build_kv_store(settings: Settings) -> KeyValueStore:
    if settings.redis_url:
        import redis

        return RedisStore(redis.Redis.from_url(settings.redis_url, socket_timeout=5))
    return SqliteStore(settings.kv_path)


@lru_cache(maxsize=1)
def default_kv_store() -> KeyValueStore:
    """The process-wide store, built on first use (tests call cache_clear)."""
    return build_kv_store(load_settings())
