"""The atomic Redis lock store (bot/stores/redis_lock.py) against a real redis-server.

Several processes are stood in for by several store objects, each with its
own Redis connection: nothing is shared between them but Redis.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import LockError

from bot.stores.redis_lock import AtomicRedisLockStore


def stores(redis_server, count: int):
    return [AtomicRedisLockStore(redis_server.client(), key_prefix="test:lock:") for _ in range(count)]


def test_turns_never_overlap(redis_server):
    replicas = stores(redis_server, 3)
    inside, overlaps = [], []

    async def turn(number: int) -> None:
        async with replicas[number % 3].lock("conversation-1"):
            if inside:
                overlaps.append(number)
            inside.append(number)
            await asyncio.sleep(0.002)
            inside.remove(number)

    async def at_once() -> None:
        await asyncio.gather(*(turn(number) for number in range(60)))

    asyncio.run(at_once())
    assert overlaps == []


def test_turns_are_served_in_the_order_their_tickets_were_taken(redis_server):
    replicas = stores(redis_server, 3)
    tokens = [replicas[n % 3].join("conversation-5", 10) for n in range(12)]  # arrival order
    served = []

    async def turn(number: int) -> None:
        store = replicas[number % 3]
        await store._wait_for_turn("conversation-5", tokens[number], 10)
        served.append(number)
        await asyncio.to_thread(store.release, "conversation-5", tokens[number])

    async def last_arrived_asks_first() -> None:
        await asyncio.gather(*(turn(number) for number in reversed(range(12))))

    asyncio.run(last_arrived_asks_first())
    assert served == list(range(12))


def test_different_conversations_do_not_wait_for_each_other(redis_server):
    first, second = stores(redis_server, 2)

    async def both() -> float:
        async with first.lock("conversation-a"):
            started = time.monotonic()
            async with second.lock("conversation-b"):
                return time.monotonic() - started

    assert asyncio.run(both()) < 1.0


def test_a_crashed_holder_blocks_the_next_turn_only_for_its_lifetime(redis_server):
    crashed, alive = stores(redis_server, 2)
    token = crashed.join("conversation-2", lock_lifetime=0.3)
    assert crashed.try_acquire("conversation-2", token, 0.3) is True  # holds it, then "crashes"

    async def next_turn() -> float:
        started = time.monotonic()
        async with alive.lock("conversation-2", lock_lifetime=5):
            return time.monotonic() - started

    waited = asyncio.run(next_turn())
    assert 0.1 < waited < 3


def test_release_removes_only_the_callers_own_ticket(redis_server):
    holder, other = stores(redis_server, 2)
    mine = holder.join("conversation-3", 5)
    theirs = other.join("conversation-3", 5)
    other.release("conversation-3", "not-a-ticket-of-anyone")
    assert holder.try_acquire("conversation-3", mine, 5) is True
    assert other.try_acquire("conversation-3", theirs, 5) is False
    holder.release("conversation-3", mine)
    assert other.try_acquire("conversation-3", theirs, 5) is True
    other.release("conversation-3", theirs)


def test_waiting_longer_than_the_lifetime_is_an_error_not_a_hang(redis_server):
    holder, waiter = stores(redis_server, 2)
    token = holder.join("conversation-4", 30)
    assert holder.try_acquire("conversation-4", token, 30)

    async def wait() -> None:
        async with waiter.lock("conversation-4", lock_lifetime=0.3):
            pass

    with pytest.raises(LockError):
        asyncio.run(wait())
    holder.release("conversation-4", token)
