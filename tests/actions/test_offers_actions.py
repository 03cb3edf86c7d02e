"""The guided questions' validation and the recommendation list."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.offers.recommend_services import ActionRecommendServices
from actions.offers.validate_offers_form import ValidateOffersForm
from tests.actions.builders import tracker, user_event


def validate(method, value):
    dispatcher = CollectingDispatcher()
    latest = tracker([user_event(str(value), "nlu_fallback")])
    result = getattr(ValidateOffersForm(), method)(value, dispatcher, latest, {})
    return result, [m["response"] for m in dispatcher.messages]


def test_ages_from_a_list_slot_value_and_pregnancy():
    assert validate("validate_children_ages", ["2 og 5"]) == ({"children_ages": [2, 5]}, [])
    assert validate("validate_children_ages", ["gravid"]) == ({"children_ages": [], "situation": "expecting"}, [])


def test_bad_answers_are_rejected_and_asked_again():
    expected = ({"children_ages": None}, ["utter_invalid_children_ages"])
    assert validate("validate_children_ages", ["vet ikke"]) == expected
    assert validate("validate_situation", "7") == ({"situation": None}, ["utter_invalid_situation"])
    assert validate("validate_bydel", "Mars") == ({"bydel": None}, ["utter_invalid_bydel"])


def test_recommendations_are_a_numbered_list_of_services():
    dispatcher = CollectingDispatcher()
    events = [user_event("4", "nlu_fallback")]
    asyncio.run(ActionRecommendServices().run(
        dispatcher, tracker(events, {"children_ages": [1, 4], "situation": "money_worries"}), {}))
    [message] = dispatcher.messages
    assert message["response"] == "utter_offers_list"
    choices = message["choices"]
    assert 1 <= len(choices) <= 5
    assert all(choice["payload"].startswith("/") and '"service"' in choice["payload"] for choice in choices)
    assert any("nav_sosialhjelp" in choice["payload"] for choice in choices)
