"""Who has said STOP: no SMS goes to them until they say START.

Recorded by keyed hash of the number (bot/sms/numbers.py), in the shared
key-value store, without expiry. Both the SMS webhook (keywords) and every
sender of SMS (confirmations, reminders) consult it, and Twilio's error
21610 (the recipient has opted out at the carrier) records it too.
"""

from __future__ import annotations

from typing import Optional

from bot.sms.numbers import hash_number, number_id
from bot.stores.kv import KeyValueStore, default_kv_store

KEY_PREFIX = "sms:optout:"


class OptOuts:
    def __init__(self, store: Optional[KeyValueStore] = None, key: Optional[str] = None) -> None:
        self._store = store
        self._key = key

    @property
    def store(self) -> KeyValueStore:
        return self._store or default_kv_store()

    def _entry(self, number: str) -> str:
        return KEY_PREFIX + (hash_number(number, self._key) if self._key else number_id(number))

    def opt_out(self, number: str) -> bool:
        """Record the opt-out; True if it is new (only then is it confirmed)."""
        return self.store.add(self._entry(number), "1", None)

    def opt_in(self, number: str) -> bool:
        """Remove the opt-out; True if there was one."""
        had = self.is_opted_out(number)
        self.store.delete(self._entry(number))
        return had

    def is_opted_out(self, number: str) -> bool:
        return self.store.get(self._entry(number)) is not None
