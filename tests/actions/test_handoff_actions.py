"""The handoff submit action: which number the staff member gets, and no case without consent."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff.submit_handoff as submit
from actions.handoff.submit_handoff import ActionSubmitHandoff
from bot.handoff.contacts import load_contacts
from bot.handoff.service import Handoffs
from bot.handoff.store import SqliteCaseStore
from bot.outbox.store import SqliteOutbox
from tests.actions.builders import tracker, user_event
from tests.unit.test_handoff import contacts_file  # noqa: F401 - the fixture

ANSWERS = {"handoff_consent": True, "handoff_message": "-", "handoff_children_ages": [],
           "handoff_interpreter": "none", "handoff_call_time": "any", "language": "en"}


@pytest.fixture
def handoffs(tmp_path, contacts_file, monkeypatch):  # noqa: F811
    service = Handoffs(SqliteCaseStore(tmp_path / "cases.db"), lambda: load_contacts(contacts_file),
                       SqliteOutbox(tmp_path / "outbox.db"), escalate_minutes=60)
    monkeypatch.setattr(submit, "default_handoffs", lambda: service)
    return service


def run(slots):
    dispatcher = CollectingDispatcher()
    latest = tracker([user_event("any time", "nlu_fallback")], slots)
    asyncio.run(ActionSubmitHandoff().run(dispatcher, latest, {}))
    return [m["response"] for m in dispatcher.messages]


def test_on_the_web_the_number_given_for_the_request_wins_over_an_earlier_booking_number(handoffs):
    slots = {**ANSWERS, "booking_phone": "+4790000001", "handoff_phone": "+4790000002"}
    assert run(slots) == ["utter_handoff_sent"]
    [case] = handoffs.store.all_cases()
    assert case.phone == "+4790000002"


def test_without_consent_no_case_is_made(handoffs):
    assert run({**ANSWERS, "handoff_consent": False, "handoff_phone": "+4790000002"}) == ["utter_handoff_no_consent"]
    assert handoffs.store.all_cases() == []
