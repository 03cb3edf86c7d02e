"""Two-stage fallback: rephrase first, then the menu; never a loop."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback.handle_fallback import ActionHandleFallback, consecutive_fallbacks
from tests.actions.builders import tracker, user_event

BOT = {"event": "bot", "text": "..."}


def said(events):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionHandleFallback().run(dispatcher, tracker(events), {}))
    return [message["response"] for message in dispatcher.messages]


def test_first_miss_asks_to_rephrase():
    assert said([user_event("blorf", "nlu_fallback")]) == ["utter_ask_rephrase"]


def test_second_miss_in_a_row_offers_the_menu():
    events = [user_event("blorf", "nlu_fallback"), BOT, user_event("blarg", "nlu_fallback")]
    assert said(events) == ["utter_fallback_menu"]


def test_an_understood_message_resets_the_count():
    events = [
        user_event("blorf", "nlu_fallback"), BOT,
        user_event("hei", "greet"), BOT,
        user_event("blarg", "nlu_fallback"),
    ]
    assert consecutive_fallbacks(events) == 1
    assert said(events) == ["utter_ask_rephrase"]
