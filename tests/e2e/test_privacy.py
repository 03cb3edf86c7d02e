"""Deleting a resident's data on request, in the chat and by SMS, through the real servers."""

from __future__ import annotations

import uuid

import pytest
import requests

from bot.booking.store import SqliteBookingStore
from bot.nlg import render_outside_turn
from bot.privacy.deletion import DELETED_RESPONSE, FORGET_MARKER
from tests.e2e.test_sms import new_number, replies_of, sms

pytestmark = pytest.mark.e2e


def store(assistant) -> SqliteBookingStore:
    return SqliteBookingStore(assistant.workdir / "var" / "bookings.db")


def responses(assistant, sender):
    return [t["response"] for t in assistant.last_bot_turn(sender)]


def book_on_the_web(assistant, sender: str, phone: str) -> str:
    replies = assistant.say(sender, "jeg vil melde meg på søknadskveld")
    last_evening = next(r for r in replies if r.get("buttons"))["buttons"][-1]["payload"]
    for answer in (last_evening, "1", "2", "Ida", phone, "1"):
        assistant.say(sender, answer)
    assert responses(assistant, sender) == ["utter_booking_confirmed"]
    confirmation = assistant.last_bot_turn(sender)[0]["text"]
    return next(b.code for b in store(assistant).for_phone("+47" + phone) if b.code in confirmation)


def receipts(bookings: int) -> set:
    """The receipt's possible texts: the waiting-message count depends on the outbox's timing."""
    return {render_outside_turn(DELETED_RESPONSE, "nb", "rest", bookings=bookings, messages=waiting)["text"]
            for waiting in range(4)}


def test_the_chat_asks_first_and_no_keeps_everything(assistant):
    sender = f"web-{uuid.uuid4()}"
    assistant.say(sender, "hei")
    replies = assistant.say(sender, "/delete_my_data")
    assert responses(assistant, sender) == ["utter_ask_delete_my_data"]
    assert [b["payload"] for b in replies[-1]["buttons"]] == ["/affirm", "/deny"]  # or "1" and "2"
    assistant.say(sender, "2")
    assert responses(assistant, sender) == ["utter_delete_kept"]
    assert len([e for e in assistant.tracker(sender)["events"] if e["event"] == "user"]) == 3


def test_deleting_in_the_chat_removes_the_conversation_and_its_bookings_only(assistant):
    phone = f"97{uuid.uuid4().int % 10**6:06d}"
    sender, neighbour = f"web-{uuid.uuid4()}", f"web-{uuid.uuid4()}"
    mine = book_on_the_web(assistant, sender, phone)
    # The same number booked in another conversation: that booking is not this chat's to delete.
    theirs = book_on_the_web(assistant, neighbour, phone)
    assistant.say(sender, "/delete_my_data")
    replies = assistant.say(sender, "1")
    assert [r.get("custom", {}).get("type") for r in replies] == [None]
    assert replies[0]["text"] in receipts(bookings=1)
    forgotten = store(assistant).get(mine)
    assert (forgotten.status, forgotten.phone, forgotten.first_name) == ("cancelled", "", None)
    assert store(assistant).get(theirs).status == "confirmed"
    assert [e for e in assistant.tracker(sender)["events"] if e["event"] in ("user", "bot")] == []
    history = requests.get(f"{assistant.url}/chat/history/{sender}", timeout=30)
    assert history.status_code == 200 and history.json()["messages"] == []


def test_asking_by_sms_in_words_deletes_like_slett(assistant):
    number = new_number()
    replies_of(sms(assistant, number, "hei"))
    [question] = replies_of(sms(assistant, number, "/delete_my_data"))
    assert question and FORGET_MARKER not in question
    [receipt] = replies_of(sms(assistant, number, "1"))
    assert receipt in {render_outside_turn(DELETED_RESPONSE, "nb", "sms", bookings=0, messages=waiting)["text"]
                       for waiting in range(4)}
    conversation = assistant.sms_conversation(number)
    assert [e for e in assistant.tracker(conversation)["events"] if e["event"] == "user"] == []
