"""Booking søknadskveld and åpen barnehage through the real servers."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from bot.booking.store import SqliteBookingStore
from tests.e2e.conftest import Assistant, start_assistant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """An assistant of this module's own: these tests count the places left on
    an evening, which other modules' bookings (in any order) would change."""
    yield from start_assistant(tmp_path_factory.mktemp("assistant-booking"))


def new_sender() -> str:
    return f"book-{uuid.uuid4().hex[:8]}"


def responses(assistant, sender):
    return [t["response"] for t in assistant.last_bot_turn(sender)]


def store(assistant) -> SqliteBookingStore:
    return SqliteBookingStore(assistant.workdir / "var" / "bookings.db")


def test_book_an_application_evening_on_the_web_in_somali(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "waxaan rabaa inaan iska qoro søknadskveld")
    assert responses(assistant, sender) == ["utter_ask_booking_session"]
    assert {t["language"] for t in assistant.last_bot_turn(sender)} == {"so"}
    sessions = next(r for r in replies if r.get("buttons"))["buttons"]
    assert len(sessions) == 2 and all(b["payload"] in ("1", "2") for b in sessions)
    assistant.say(sender, "1")
    assert responses(assistant, sender) == ["utter_ask_booking_adults"]
    assistant.say(sender, "3")
    assert responses(assistant, sender) == ["utter_ask_booking_interpreter"]
    assistant.say(sender, "1")  # an interpreter in my language
    assistant.say(sender, "Asli")
    assert responses(assistant, sender) == ["utter_ask_booking_phone"]
    assistant.say(sender, "912 34 567")
    assert responses(assistant, sender) == ["utter_ask_booking_confirmed"]
    assistant.say(sender, "1")
    assert responses(assistant, sender) == ["utter_booking_confirmed"]
    [booking] = store(assistant).for_phone("+4791234567")
    assert (booking.adults, booking.interpreter_language, booking.first_name) == (3, "so", "Asli")
    assert booking.code in assistant.last_bot_turn(sender)[0]["text"]
    # A web booking also gets the confirmation by SMS, through the outbox.
    sms = assistant.sent_to("+4791234567")
    assert len(sms) == 1 and booking.code in sms[0]


@pytest.mark.parametrize(
    "question, answer",
    [
        ("booking_adults", "0"), ("booking_adults", "99"), ("booking_adults", "mange"),
        ("booking_phone", "12"), ("booking_phone", "1234 abcd"),
    ],
)
def test_bad_answers_are_asked_again_and_nothing_is_stored(assistant, question, answer):
    sender = new_sender()
    replies = assistant.say(sender, "jeg vil melde meg på søknadskveld")
    assistant.say(sender, next(r for r in replies if r.get("buttons"))["buttons"][-1]["payload"])
    if question == "booking_phone":
        assistant.say(sender, "1")
        assistant.say(sender, "2")
        assistant.say(sender, "-")
    assistant.say(sender, answer)
    assert responses(assistant, sender) == [f"utter_invalid_{question}", f"utter_ask_{question}"]
    assert assistant.tracker(sender)["active_loop"].get("name") == "booking_form"


def test_a_session_not_in_the_list_is_asked_again(assistant):
    sender = new_sender()
    assistant.say(sender, "I want to book a place at the application evening")
    assistant.say(sender, "7")
    assert responses(assistant, sender) == ["utter_invalid_booking_session", "utter_ask_booking_session"]


def test_stop_in_the_middle_leaves_cleanly(assistant):
    sender = new_sender()
    assistant.say(sender, "chcę się zapisać na søknadskveld")
    assistant.say(sender, "1")
    assistant.say(sender, "anuluj, jednak nie")
    assert responses(assistant, sender) == ["utter_booking_stopped"]
    assert not assistant.tracker(sender)["active_loop"].get("name")


def test_saying_no_at_the_end_stores_nothing(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "jeg vil melde meg på søknadskveld")
    last_evening = next(r for r in replies if r.get("buttons"))["buttons"][-1]["payload"]
    for answer in (last_evening, "1", "2", "-", "98765432", "2"):
        assistant.say(sender, answer)
    assert responses(assistant, sender) == ["utter_booking_stopped"]
    assert store(assistant).for_phone("+4798765432") == []


def test_open_kindergarten_asks_the_childrens_ages_and_counts_them(assistant):
    sender = new_sender()
    assistant.say(sender, "I want to book a visit to åpen barnehage with my baby")
    assert responses(assistant, sender) == ["utter_ask_booking_session"]
    for answer in ("1", "1"):
        assistant.say(sender, answer)
    assert responses(assistant, sender) == ["utter_ask_booking_children_ages"]
    for answer in ("1 and 3", "2", "Jana", "+4791111111", "1"):
        assistant.say(sender, answer)
    assert responses(assistant, sender) == ["utter_booking_confirmed"]
    [booking] = store(assistant).for_phone("+4791111111")
    assert booking.children_ages == [1, 3] and booking.seats == 3


def test_a_full_evening_waitlists_and_a_freed_place_goes_to_the_waitlist(assistant):
    import datetime as dt

    first_evening = f"soknadskveld_furuset_{(dt.date.today() + dt.timedelta(days=7)).isoformat()}"
    free = 4 - store(assistant).seats_taken(first_evening)  # earlier tests here may have booked some
    assert free > 0
    # B picks the first evening while it still has room ...
    b = new_sender()
    assistant.say(b, "jeg vil melde meg på søknadskveld")
    for answer in ("1", "1", "2", "-", "95555555"):
        assistant.say(b, answer)
    # ... but A takes the last places before B confirms.
    a = new_sender()
    assistant.say(a, "jeg vil melde meg på søknadskveld")
    for answer in ("1", str(free), "2", "-", "97777777", "1"):
        assistant.say(a, answer)
    assert responses(assistant, a) == ["utter_booking_confirmed"]
    assert store(assistant).seats_taken(first_evening) == 4
    assistant.say(b, "1")
    assert responses(assistant, b) == ["utter_booking_waitlisted"]
    [waiting] = store(assistant).for_phone("+4795555555")
    assert waiting.status == "waiting" and store(assistant).seats_taken(first_evening) == 4

    # A full evening is no longer offered.
    replies = assistant.say(new_sender(), "jeg vil melde meg på søknadskveld")
    assert len(next(r for r in replies if r.get("buttons"))["buttons"]) == 1

    # A cancels: the place goes to B, who gets an SMS.
    [a_booking] = store(assistant).for_phone("+4797777777")
    assistant.say(a, f"avbestill {a_booking.code}")
    assert responses(assistant, a) == ["utter_booking_cancelled"]
    assert store(assistant).get(waiting.code).status == "confirmed"
    to_b = assistant.sent_to("+4795555555")
    assert to_b and waiting.code in to_b[-1]


def test_list_and_cancel_on_the_web(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "jeg vil melde meg på søknadskveld")
    last_evening = next(r for r in replies if r.get("buttons"))["buttons"][-1]["payload"]  # has room
    for answer in (last_evening, "1", "2", "Ida", "96666666", "1"):
        assistant.say(sender, answer)
    [booking] = store(assistant).for_phone("+4796666666")
    assistant.say(sender, "hva har jeg meldt meg på?")
    assert responses(assistant, sender) == ["utter_booking_list", "utter_booking_item"]
    replies = assistant.say(sender, "jeg vil avbestille")
    assert responses(assistant, sender) == ["utter_booking_cancel_which"]
    assistant.say(sender, "1")
    assert responses(assistant, sender) == ["utter_booking_cancelled"]
    assert store(assistant).get(booking.code).status == "cancelled"
    assistant.say(sender, f"avbestill {booking.code}")
    assert responses(assistant, sender) == ["utter_booking_unknown_code"]
    assert replies


def test_booking_by_sms_uses_the_senders_number(assistant):
    from tests.e2e.test_sms import reply_text, sms

    phone = "+4794444444"
    sms(assistant, phone, "Salaan")
    listing = reply_text(sms(assistant, phone, "waxaan rabaa inaan iska qoro søknadskveld"))
    assert "1. " in listing
    for answer in ("1", "1", "2", "Hodan"):  # no phone question on SMS
        reply_text(sms(assistant, phone, answer))
    assert responses(assistant, assistant.sms_conversation(phone)) == ["utter_ask_booking_confirmed"]
    confirmation = reply_text(sms(assistant, phone, "1"))
    [booking] = store(assistant).for_phone(phone)
    assert booking.code in confirmation and booking.language == "so"
    kinds = [m.kind for m in assistant.outbox.messages(limit=10_000) if m.recipient == phone]
    assert "confirmation" not in kinds  # the reply already was the confirmation SMS
    cancelled = reply_text(sms(assistant, phone, f"jooji {booking.code}"))
    assert booking.code in cancelled
    assert store(assistant).get(booking.code).status == "cancelled"
