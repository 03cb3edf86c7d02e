"""The key-value store behind SMS dedupe and paging: one contract, two stores."""

import pytest

from bot.stores.kv import InMemoryStore, RedisStore, SqliteStore


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "memory":
        return InMemoryStore()
    if request.param == "sqlite":
        return SqliteStore(tmp_path / "kv.db")
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


def test_entries_without_ttl_stay(store):
    store.put("sms:optout:abc", "1", None)
    assert store.get("sms:optout:abc") == "1"
    assert not store.add("sms:optout:abc", "1", None)


def test_sqlite_entries_expire_and_survive_a_new_store(tmp_path):
    clock = FakeClock()
    SqliteStore(tmp_path / "kv.db", clock=clock).put("k", "v", 10)
    reopened = SqliteStore(tmp_path / "kv.db", clock=clock)
    assert reopened.get("k") == "v"
    clock.now += 11
    assert reopened.get("k") is None
    assert reopened.add("k", "w", 10)
