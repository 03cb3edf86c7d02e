"""A conversation lock in Redis that is safe across Rasa replicas.

Rasa 3.6's ``RedisLockStore`` reads a JSON list of tickets, changes it and
writes it back (GET, then SET, with no TTL): two replicas can both take the
lock, and a crashed one leaves a key behind for ever (see
``../shared/notes/rasa-twilio-redis-facts.md`` §1). This one keeps, per
conversation, a queue in Redis and changes it only with atomic operations:

- a waiter takes a ticket (``INCR``) and joins a sorted set in ticket order,
  with a heartbeat key of its own (``SET … PX``): **fair**, first come first
  served, across processes;
- one Lua script decides who holds the lock: the first ticket in the queue
  whose heartbeat is alive; tickets of waiters that died are dropped
  (**expiry**: nobody waits for a crashed replica longer than its lifetime);
- the holder's heartbeat is not renewed: a turn that runs past the lifetime
  (60 s, as in Rasa) loses the lock, as in Rasa;
- release removes only the caller's own ticket (**safe release by token**),
  and every key expires by itself when the conversation goes quiet.

It is the lock store whenever ``REDIS_URL`` is set (bot/stores/factories.py).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

# How often a waiter asks again. Rasa polls once a second; a turn takes
# about a third of that, so a second of polling would double a waiting turn.
POLL_SECONDS = 0.02
# Keys of a quiet conversation disappear after this long.
IDLE_EXPIRY_SECONDS = 300

_JOIN = """
-- KEYS[1] queue, KEYS[2] ticket counter, KEYS[3] own heartbeat key,
-- ARGV[1] own token, ARGV[2] lifetime in ms, ARGV[3] idle expiry in s
-- One script: the ticket is drawn and queued at once. Drawn and queued in
-- two steps, a lower ticket could join after a higher one already holds the
-- lock, and be first in the queue too: two holders, and a lost turn.
local ticket = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('ZADD', KEYS[1], ticket, ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return ticket
"""

_TRY_ACQUIRE = """
-- KEYS[1] queue (sorted set of tokens by ticket), ARGV[1] own token,
-- ARGV[2] heartbeat key prefix, ARGV[3] lifetime in ms, ARGV[4] idle expiry in s
while true do
  local first = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not first then return -1 end
  if first == ARGV[1] then
    redis.call('EXPIRE', KEYS[1], ARGV[4])
    return 1
  end
  if redis.call('EXISTS', ARGV[2] .. first) == 1 then
    redis.call('SET', ARGV[2] .. ARGV[1], '1', 'PX', ARGV[3])
    return 0
  end
  redis.call('ZREM', KEYS[1], first)
end
"""

_RELEASE = """
-- KEYS[1] queue, KEYS[2] own heartbeat key, ARGV[1] own token
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
"""


class AtomicRedisLockStore(LockStore):
    """Fair, expiring conversation locks shared by every Rasa process on one Redis."""

    def __init__(self, client: Any, key_prefix: str = "inngang:lock:") -> None:
        self.client = client
        self.prefix = key_prefix
        self._join = client.register_script(_JOIN)
        self._try_acquire = client.register_script(_TRY_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def _keys(self, conversation_id: str) -> tuple[str, str, str]:
        base = f"{self.prefix}{conversation_id}"
        return f"{base}:queue", f"{base}:ticket", f"{base}:alive:"

    def join(self, conversation_id: str, lock_lifetime: float) -> str:
        """Take a ticket: the caller waits behind everyone who came before."""
        queue, counter, alive = self._keys(conversation_id)
        token = uuid.uuid4().hex
        self._join(keys=[queue, counter, alive + token],
                   args=[token, int(lock_lifetime * 1000), IDLE_EXPIRY_SECONDS])
        return token

    def try_acquire(self, conversation_id: str, token: str, lock_lifetime: float) -> Optional[bool]:
        """True: the caller holds the lock. False: wait. None: the ticket expired."""
        queue, _, alive = self._keys(conversation_id)
        result = int(self._try_acquire(keys=[queue], args=[token, alive, int(lock_lifetime * 1000),
                                                           IDLE_EXPIRY_SECONDS]))
        return {1: True, 0: False}.get(result)

    def release(self, conversation_id: str, token: str) -> None:
        queue, _, alive = self._keys(conversation_id)
        self._release(keys=[queue, alive + token], args=[token])

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = POLL_SECONDS,
    ) -> AsyncGenerator[TicketLock, None]:
        token = await asyncio.to_thread(self.join, conversation_id, lock_lifetime)
        try:
            await self._wait_for_turn(conversation_id, token, lock_lifetime)
            yield TicketLock(conversation_id)
        finally:
            await asyncio.to_thread(self.release, conversation_id, token)

    async def _wait_for_turn(self, conversation_id: str, token: str, lock_lifetime: float) -> None:
        deadline = time.monotonic() + lock_lifetime
        while True:
            held = await asyncio.to_thread(self.try_acquire, conversation_id, token, lock_lifetime)
            if held:
                return
            if held is None or time.monotonic() > deadline:
                raise LockError(f"Could not acquire the lock for a conversation within {lock_lifetime} s.")
            await asyncio.sleep(min(POLL_SECONDS, 1.0))

    # Rasa's ticket-list interface, unused by this store's lock().
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None
