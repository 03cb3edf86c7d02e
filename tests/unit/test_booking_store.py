"""One contract, two booking stores: SQLite (embedded) and Redis (Lua script)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from bot.booking.models import BookingRequest
from bot.booking.store import RedisBookingStore, SqliteBookingStore
from tests.helpers import free_port, wait_until


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return SqliteBookingStore(tmp_path / "bookings.db")
    return RedisBookingStore(request.getfixturevalue("redis_client"))


def ask(session="soknadskveld-2026-02-10", seats=1, phone="+4790000001", key=None, **extra):
    return BookingRequest(
        session_id=session, seats=seats, phone=phone,
        idempotency_key=key or f"key-{phone}-{session}-{seats}-{threading.get_ident()}-{id(extra)}",
        adults=seats, **extra,
    )


def test_a_booking_is_stored_and_found(store):
    outcome = store.book(ask(seats=3, interpreter_language="so", first_name="Asli", key="k1"), capacity=20)
    assert outcome.status == "booked" and outcome.ok
    booking = outcome.booking
    assert len(booking.code) == 6
    assert store.get(booking.code) == booking
    assert store.get(booking.code.lower()[:3] + "-" + booking.code[3:]) == booking  # as typed
    assert store.seats_taken("soknadskveld-2026-02-10") == 3
    assert store.for_phone("+4790000001") == [booking]
    assert store.for_session("soknadskveld-2026-02-10") == [booking]
    assert store.for_phone("+4790000009") == []


def test_the_same_request_replayed_books_once(store):
    outcomes = [store.book(ask(seats=2, key="webhook-SM123"), capacity=20) for _ in range(10)]
    assert [o.status for o in outcomes] == ["booked"] + ["duplicate"] * 9
    assert {o.booking.code for o in outcomes} == {outcomes[0].booking.code}
    assert store.seats_taken("soknadskveld-2026-02-10") == 2
    assert len(store.for_session("soknadskveld-2026-02-10")) == 1


def test_a_full_session_books_nothing(store):
    assert store.book(ask(seats=2, phone="+4790000001", key="a"), capacity=3).status == "booked"
    full = store.book(ask(seats=2, phone="+4790000002", key="b"), capacity=3)
    assert full.status == "full" and not full.ok and full.booking is None
    assert store.book(ask(seats=1, phone="+4790000003", key="c"), capacity=3).status == "booked"
    assert store.seats_taken("soknadskveld-2026-02-10") == 3
    assert store.for_phone("+4790000002") == []


def test_cancelling_frees_the_seats_once(store):
    booking = store.book(ask(seats=3, key="x"), capacity=3).booking
    assert store.book(ask(seats=1, phone="+4790000002", key="y"), capacity=3).status == "full"
    cancelled = store.cancel(booking.code)
    assert cancelled.status == "cancelled" and cancelled.code == booking.code
    assert store.get(booking.code).status == "cancelled"
    assert store.seats_taken("soknadskveld-2026-02-10") == 0
    assert store.cancel(booking.code) is None
    assert store.cancel("NOSUCH") is None
    assert store.book(ask(seats=3, phone="+4790000002", key="z"), capacity=3).status == "booked"


def test_200_concurrent_attempts_on_the_last_seat_give_one_booking(store):
    capacity = 10
    assert store.book(ask(seats=9, key="first"), capacity=capacity).status == "booked"
    barrier = threading.Barrier(50)

    def attempt(n: int):
        if n < 50:
            barrier.wait()  # the first fifty start at the very same moment
        return store.book(ask(seats=1, phone=f"+47911{n:05d}", key=f"attempt-{n}"), capacity=capacity)

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(attempt, range(200)))
    assert sum(o.status == "booked" for o in outcomes) == 1
    assert sum(o.status == "full" for o in outcomes) == 199
    assert store.seats_taken("soknadskveld-2026-02-10") == capacity
    assert len([b for b in store.for_session("soknadskveld-2026-02-10") if b.status == "confirmed"]) == 2


def test_sqlite_bookings_survive_a_new_process(tmp_path):
    path = tmp_path / "bookings.db"
    booking = SqliteBookingStore(path).book(ask(seats=2, key="persist"), capacity=5).booking
    assert SqliteBookingStore(path).get(booking.code) == booking


def test_redis_with_aof_keeps_a_confirmed_booking_across_a_crash(tmp_path):
    """kill -9 right after the confirmation; with appendfsync always nothing is lost."""
    port = free_port()
    command = [
        shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
        "--dir", str(tmp_path), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    try:
        wait_until(client.ping, 10, "redis-server")
        booking = RedisBookingStore(client).book(ask(seats=2, key="aof"), capacity=5).booking
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=port)
        wait_until(client.ping, 10, "restarted redis-server")
        store = RedisBookingStore(client)
        assert store.get(booking.code) == booking
        assert store.seats_taken("soknadskveld-2026-02-10") == 2
        assert store.book(ask(seats=2, key="aof"), capacity=5).status == "duplicate"
    finally:
        server.kill()
        server.wait(timeout=10)


def test_a_full_session_can_keep_a_waitlist_in_order(store):
    assert store.book(ask(seats=3, phone="+4790000001", key="w0"), capacity=3).status == "booked"
    first = store.book(ask(seats=2, phone="+4790000002", key="w1"), capacity=3, waitlist=True)
    store.book(ask(seats=1, phone="+4790000003", key="w2"), capacity=3, waitlist=True)
    assert (first.status, first.booking.status) == ("waitlisted", "waiting")
    assert not first.ok
    assert store.seats_taken("soknadskveld-2026-02-10") == 3
    assert store.book(ask(seats=2, phone="+4790000002", key="w1"), capacity=3, waitlist=True).status == "duplicate"
    assert store.promote_waiting("soknadskveld-2026-02-10", capacity=3) == []  # still full

    store.cancel(store.for_phone("+4790000001")[0].code)
    promoted = store.promote_waiting("soknadskveld-2026-02-10", capacity=3)
    assert [b.phone for b in promoted] == ["+4790000002", "+4790000003"]  # first come, first served
    assert all(b.status == "confirmed" and b.children_ages == [] for b in promoted)
    assert store.get(first.booking.code).status == "confirmed"
    assert store.seats_taken("soknadskveld-2026-02-10") == 3
    assert store.promote_waiting("soknadskveld-2026-02-10", capacity=3) == []


def test_leaving_the_waitlist(store):
    store.book(ask(seats=1, phone="+4790000001", key="v0"), capacity=1)
    waiting = store.book(ask(seats=1, phone="+4790000002", key="v1"), capacity=1, waitlist=True).booking
    assert store.cancel(waiting.code).status == "cancelled"
    store.cancel(store.for_phone("+4790000001")[0].code)
    assert store.promote_waiting("soknadskveld-2026-02-10", capacity=1) == []
    assert store.seats_taken("soknadskveld-2026-02-10") == 0
