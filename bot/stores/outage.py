"""Which errors mean "a store is unreachable" rather than "a bug".

While Redis (or the database) is down, a resident is told that the
assistant is temporarily unavailable, in their language, instead of getting
an empty conversation or an error page. Nothing else changes: redis-py
connects again by itself on the next command, so the assistant recovers as
soon as the store is back.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError as DatabaseUnavailable

STORE_OUTAGES = (RedisConnectionError, RedisTimeoutError, DatabaseUnavailable)


def _raise(error: Exception) -> None:
    raise error


def fail_loudly(agent: Any) -> None:
    """Let tracker store errors reach the channels.

    Rasa wraps every tracker store in a ``FailSafeTrackerStore`` that, on an
    error, logs it and carries on with an empty in-memory conversation: the
    resident would be greeted as a stranger and their answers kept nowhere.
    Its error callback is the one hook it has; raising there makes the
    channel answer "temporarily unavailable" instead.
    """
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = _raise
