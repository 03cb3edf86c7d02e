"""Reminders go out the day before, once, also across restarts."""

from __future__ import annotations

from datetime import timedelta

from bot.booking.events import load_events
from bot.booking.models import BookingRequest
from bot.booking.reminders import due_reminders, queue_due_reminders
from bot.booking.store import SqliteBookingStore
from bot.outbox.store import SqliteOutbox

CALENDAR = load_events()
SESSION = CALENDAR.get("soknadskveld_furuset_familiesenter_2027-02-09")


def booked_store(tmp_path):
    store = SqliteBookingStore(tmp_path / "bookings.db")
    store.book(BookingRequest(SESSION.id, 2, "+4791234567", "k1", adults=2, language="so"), capacity=30)
    store.book(BookingRequest(SESSION.id, 1, "+4790000000", "k2", adults=1, language="nb"), capacity=30)
    cancelled = store.book(BookingRequest(SESSION.id, 1, "+4790000001", "k3"), capacity=30).booking
    store.cancel(cancelled.code)
    return store


def test_only_the_day_before_and_only_confirmed_bookings(tmp_path):
    store = booked_store(tmp_path)
    assert due_reminders(CALENDAR, store, SESSION.start - timedelta(hours=25)) == []
    due = due_reminders(CALENDAR, store, SESSION.start - timedelta(hours=20))
    assert sorted(b.phone for b, _ in due) == ["+4790000000", "+4791234567"]
    assert due_reminders(CALENDAR, store, SESSION.start + timedelta(minutes=1)) == []


def test_each_reminder_is_queued_once_even_after_a_restart(tmp_path):
    outbox = SqliteOutbox(tmp_path / "outbox.db")
    now = SESSION.start - timedelta(hours=20)
    assert queue_due_reminders(CALENDAR, booked_store(tmp_path), outbox, now) == 2
    restarted = SqliteBookingStore(tmp_path / "bookings.db")  # a new process, same files
    again = SqliteOutbox(tmp_path / "outbox.db")
    assert queue_due_reminders(CALENDAR, restarted, again, now + timedelta(minutes=1)) == 0
    queued = again.messages()
    assert len(queued) == 2 and {m.kind for m in queued} == {"reminder"}
    somali = next(m.body for m in queued if m.recipient == "+4791234567")
    bokmal = next(m.body for m in queued if m.recipient == "+4790000000")
    assert bokmal.startswith("Påminnelse fra bydelen")
    assert "Påminnelse fra bydelen" not in somali  # each in the booking's own language
    codes = [b.code for b in restarted.for_session(SESSION.id)]
    assert all(any(code in m.body for code in codes) for m in queued)
