"""The key-value store behind SMS dedupe and paging: one contract, two stores."""

import pytest

from bot.stores.kv import InMemoryStore, RedisStore


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        return InMemoryStore()
    client = request.getfixturevalue("redis_client")
    return RedisStore(client)


def test_add_only_once(store):
    assert store.add("sms:sid:SM1", "1", 60)
    assert not store.add("sms:sid:SM1", "1", 60)
    assert store.get("sms:sid:SM1") == "1"


def test_put_get_delete(store):
    store.put("pages", "[\"a\", \"b\"]", 60)
    assert store.get("pages") == "[\"a\", \"b\"]"
    store.delete("pages")
    assert store.get("pages") is None


def test_memory_entries_expire():
    clock = FakeClock()
    store = InMemoryStore(clock=clock)
    store.add("k", "v", 10)
    clock.now += 11
    assert store.get("k") is None
    assert store.add("k", "v", 10)


def test_redis_entries_carry_a_ttl(redis_client):
    RedisStore(redis_client).put("k", "v", 60)
    assert 0 < redis_client.ttl("inngang:kv:k") <= 60
