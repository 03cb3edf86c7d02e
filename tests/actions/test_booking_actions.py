"""Booking form validation: a session that has started is not accepted."""

from datetime import datetime

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.booking.validate_booking_form as validation
from actions.booking.validate_booking_form import ValidateBookingForm
from tests.actions.builders import tracker, user_event

OFFERED = ["soknadskveld_furuset_familiesenter_2027-02-09", "soknadskveld_linderud_familiesenter_2027-02-16"]


def choose(answer, moment, monkeypatch):
    monkeypatch.setattr(validation, "now", lambda: moment)
    dispatcher = CollectingDispatcher()
    result = ValidateBookingForm().validate_booking_session(
        answer, dispatcher, tracker([user_event(answer, "nlu_fallback")], {"booking_offered": OFFERED}), {}
    )
    return result, [m["response"] for m in dispatcher.messages]


def test_a_listed_future_session_is_accepted(monkeypatch):
    assert choose("2", datetime(2027, 1, 1), monkeypatch) == ({"booking_session": OFFERED[1]}, [])


@pytest.mark.parametrize("answer, moment", [
    ("1", datetime(2027, 2, 9, 18, 0)), ("3", datetime(2027, 1, 1)), ("tirsdag", datetime(2027, 1, 1)),
])
def test_started_unlisted_or_unclear_sessions_are_asked_again(answer, moment, monkeypatch):
    assert choose(answer, moment, monkeypatch) == ({"booking_session": None}, ["utter_invalid_booking_session"])

