"""action_detect_language and action_change_language."""

import asyncio

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language.change_language import ActionChangeLanguage
from actions.language.detect_language import ActionDetectLanguage
from tests.actions.builders import tracker, user_event


def run(action, events, slots=None):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(action.run(dispatcher, tracker(events, slots), {}))
    return result, [message["response"] for message in dispatcher.messages]


def test_detection_sets_the_slot_on_the_first_message():
    events, said = run(ActionDetectLanguage(), [user_event("Salaan, waxaan rabaa barnehage", "greet")])
    assert events == [SlotSet("language", "so")]
    assert said == []


def test_detection_returns_nothing_when_the_language_stays():
    events, _ = run(ActionDetectLanguage(), [user_event("ok", "affirm")], {"language": "so"})
    assert events == []


def test_named_language_is_confirmed():
    _, said = run(ActionChangeLanguage(), [user_event("can we speak English", "change_language")])
    assert said == ["utter_language_changed"]


def test_menu_button_language_is_confirmed():
    event = user_event("/change_language", "change_language", entities=[{"entity": "language", "value": "ur"}])
    _, said = run(ActionChangeLanguage(), [event])
    assert said == ["utter_language_changed"]


def test_no_language_named_shows_the_language_menu():
    _, said = run(ActionChangeLanguage(), [user_event("another language please", "change_language")])
    assert said == ["utter_ask_language"]
