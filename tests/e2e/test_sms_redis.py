"""The SMS channel with Redis for conversations, locks, bookings, the
key-value store and the outbox: a booking and the keywords work, and
nothing in Redis outside the outbox and the bookings holds a number."""

from __future__ import annotations

import re
from typing import Iterator, List

import pytest
import redis

from bot.booking.store import RedisBookingStore
from tests.e2e.conftest import Assistant, start_assistant
from tests.e2e.test_sms import new_number, replies_of, reply_text, sms

pytestmark = pytest.mark.e2e
DATABASE = 2
# Where the number must be kept: to send an SMS, and to send a booking's
# confirmation and reminder.
KEEPS_THE_NUMBER = (b"inngang:outbox:", b"inngang:booking:")


@pytest.fixture(scope="module")
def on_redis(redis_server, tmp_path_factory) -> Iterator[Assistant]:
    redis_server.client(DATABASE).flushdb()
    yield from start_assistant(tmp_path_factory.mktemp("assistant-redis"), f"{redis_server.url[:-2]}/{DATABASE}")


def everything_stored(client: redis.Redis, key: bytes) -> bytes:
    """A key and all it holds, as bytes to search in."""
    kind = client.type(key)
    if kind == b"string":
        parts: List[bytes] = [client.get(key) or b""]
    elif kind == b"hash":
        parts = [field + b"=" + value for field, value in client.hgetall(key).items()]
    elif kind == b"list":
        parts = client.lrange(key, 0, -1)
    elif kind == b"set":
        parts = list(client.smembers(key))
    elif kind == b"zset":
        parts = [member for member, _ in client.zrange(key, 0, -1, withscores=True)]
    else:
        raise AssertionError(f"a Redis type this test does not read: {kind!r} ({key!r})")
    return b"\n".join([key, *parts])


def test_booking_and_keywords_by_sms_on_redis_leave_no_number_outside_outbox_and_bookings(on_redis, redis_server):
    resident, whatsapp, helper = new_number(), new_number(), new_number()
    replies_of(sms(on_redis, resident, "Salaan"))
    assert "1. " in reply_text(sms(on_redis, resident, "waxaan rabaa inaan iska qoro søknadskveld"))
    for answer in ("1", "1", "2", "Hodan"):
        assert reply_text(sms(on_redis, resident, answer))
    confirmation = reply_text(sms(on_redis, resident, "1"))
    client = redis_server.client(DATABASE)
    [booking] = RedisBookingStore(client).for_phone(resident)
    assert booking.code in confirmation
    assert reply_text(sms(on_redis, f"whatsapp:{whatsapp}", "hei, hva er åpen barnehage?"))
    assert reply_text(sms(on_redis, helper, "HJELP"))
    assert reply_text(sms(on_redis, helper, "STOPP"))

    keys = list(client.scan_iter(count=1000))
    # The keywords are answered by the channel; the other two had turns, whose
    # trackers are there under hashed names.
    conversations = [on_redis.sms_conversation(a) for a in (resident, f"whatsapp:{whatsapp}")]
    for conversation in conversations:
        assert any(conversation.encode() in key and b"tracker" in key for key in keys), conversation
    searched = [key for key in keys if not key.startswith(KEEPS_THE_NUMBER)]
    stored = b"\n".join(everything_stored(client, key) for key in searched)
    digit_runs = set(re.findall(rb"\d+", stored))  # whole runs: not digits inside a float
    assert len(searched) > len(conversations)
    for number in (resident, whatsapp, helper):
        for form in (number[1:], number[3:]):  # 4790123456 (also in +4790123456), 90123456
            assert form.encode() not in digit_runs, form
