"""The staff view lists bookings per session with interpreter needs, and exports CSV."""

import csv
import io
from datetime import datetime

from bot.booking.events import load_events
from bot.booking.models import BookingRequest
from bot.booking.staff import interpreter_summary, write_csv, write_table
from bot.booking.store import SqliteBookingStore

SESSION = "soknadskveld_furuset_familiesenter_2027-02-09"


def filled_store(tmp_path):
    store = SqliteBookingStore(tmp_path / "bookings.db")
    parties = [(3, "so", "Asli"), (1, None, "Jana"), (2, "so", None), (1, "ar", "Omar")]
    for n, (adults, tolk, name) in enumerate(parties):
        store.book(BookingRequest(SESSION, adults, f"+479000000{n}", f"k{n}", adults=adults,
                                  first_name=name, interpreter_language=tolk), capacity=30)
    store.cancel(store.for_phone("+4790000003")[0].code)
    return store


def test_interpreter_needs_count_confirmed_adults_per_language(tmp_path):
    store = filled_store(tmp_path)
    assert interpreter_summary(store.for_session(SESSION)) == {"so": 5}


def test_table_shows_places_taken_and_interpreters(tmp_path):
    out = io.StringIO()
    write_table(out, load_events(), filled_store(tmp_path), include_past=False, now=datetime(2027, 1, 1))
    text = out.getvalue()
    assert "6/30 places" in text and SESSION in text
    assert "interpreters: so 5" in text
    assert text.count("confirmed") == 3 and text.count("cancelled") == 1


def test_csv_has_one_row_per_booking(tmp_path):
    out = io.StringIO()
    write_csv(out, load_events(), filled_store(tmp_path), include_past=False, now=datetime(2027, 1, 1))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 4
    asli = next(row for row in rows if row["first_name"] == "Asli")
    assert (asli["adults"], asli["interpreter_language"], asli["status"]) == ("3", "so", "confirmed")
