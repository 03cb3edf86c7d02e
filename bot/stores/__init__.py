"""Tracker and lock stores, chosen from the environment (see ``bot.config``).

``endpoints.yml`` names :class:`ConfiguredTrackerStore` and
:class:`ConfiguredLockStore`. Rasa instantiates whatever class the endpoint
names, with no hook to choose at run time, so these classes build and return
the real store from their ``__new__``: Redis when ``REDIS_URL`` is set,
otherwise the embedded defaults (SQLite conversations, in-process locks).
"""

from bot.stores.factories import (
    ConfiguredLockStore,
    ConfiguredTrackerStore,
    build_lock_store,
    build_tracker_store,
    redis_connection_args,
)

__all__ = [
    "ConfiguredLockStore",
    "ConfiguredTrackerStore",
    "build_lock_store",
    "build_tracker_store",
    "redis_connection_args",
]
