"""Reminders go out the day before, once, also across restarts."""

from __future__ import annotations

from datetime import timedelta

from bot.booking.events import load_events
from bot.booking.models import BookingRequest
from bot.booking.reminders import due_reminders, send_due_reminders
from bot.booking.store import SqliteBookingStore

CALENDAR = load_events()
SESSION = CALENDAR.get("soknadskveld_furuset_familiesenter_2027-02-09")


class RecordingSender:
    def __init__(self, fail: bool = False):
        self.sent, self.fail = [], fail

    def send(self, to, body):
        if self.fail:
            raise ConnectionError("network down")
        self.sent.append((to, body))
        return f"id{len(self.sent)}"


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


def test_each_reminder_is_sent_once_even_after_a_restart(tmp_path):
    sender = RecordingSender()
    now = SESSION.start - timedelta(hours=20)
    assert send_due_reminders(CALENDAR, booked_store(tmp_path), sender, now) == 2
    restarted = SqliteBookingStore(tmp_path / "bookings.db")  # a new process, same file
    assert send_due_reminders(CALENDAR, restarted, sender, now + timedelta(minutes=1)) == 0
    assert len(sender.sent) == 2
    somali = next(body for to, body in sender.sent if to == "+4791234567")
    bokmal = next(body for to, body in sender.sent if to == "+4790000000")
    assert bokmal.startswith("Påminnelse fra bydelen")
    assert "Påminnelse fra bydelen" not in somali  # each in the booking's own language
    assert all(any(code in body for code in [b.code for b in restarted.for_session(SESSION.id)]) for _, body in sender.sent)


def test_a_failed_send_is_tried_again(tmp_path):
    store = booked_store(tmp_path)
    now = SESSION.start - timedelta(hours=20)
    assert send_due_reminders(CALENDAR, store, RecordingSender(fail=True), now) == 0
    working = RecordingSender()
    assert send_due_reminders(CALENDAR, store, working, now) == 2
