"""Whole conversations through POST /webhooks/rest/webhook with the real servers."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.e2e

GREETINGS = {
    "nb": "Hei, god morgen",
    "nn": "God morgon, korleis har du det?",
    "en": "hello",
    "pl": "dzień dobry",
    "uk": "Привіт",
    "so": "salaan",
    "ar": "مرحبا",
    "ur": "السلام علیکم",
    "ti": "ሰላም",
}


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize("language", list(GREETINGS))
def test_a_greeting_is_answered_in_its_language(assistant, language):
    sender = new_sender()
    replies = assistant.say(sender, GREETINGS[language])
    assert replies and replies[0]["text"]
    turn = assistant.last_bot_turn(sender)
    assert [(t["response"], t["language"]) for t in turn] == [("utter_greet", language)]
    assert replies[0]["text"] == turn[0]["text"]
    assert assistant.tracker(sender)["slots"]["language"] == language


def test_ok_after_a_somali_conversation_stays_somali(assistant):
    sender = new_sender()
    assistant.say(sender, "Salaan, waxaan u baahanahay caawimaad")
    assistant.say(sender, "ok")
    assert assistant.tracker(sender)["slots"]["language"] == "so"
    assert {t["language"] for t in assistant.last_bot_turn(sender)} == {"so"}


def test_can_we_speak_english_switches_to_english(assistant):
    sender = new_sender()
    assistant.say(sender, "salaan")
    assistant.say(sender, "can we speak English")
    assert assistant.tracker(sender)["slots"]["language"] == "en"
    assert [(t["response"], t["language"]) for t in assistant.last_bot_turn(sender)] == [
        ("utter_language_changed", "en")
    ]


def test_language_menu_and_button_payload(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "another language please")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_ask_language"]
    buttons = replies[0]["buttons"]
    assert len(buttons) == 9
    assistant.say(sender, buttons[7]["payload"])  # اردو
    assert assistant.tracker(sender)["slots"]["language"] == "ur"
    assert [(t["response"], t["language"]) for t in assistant.last_bot_turn(sender)] == [
        ("utter_language_changed", "ur")
    ]


def test_page_language_picker_wins_over_detection(assistant):
    sender = new_sender()
    assistant.say(sender, "Salaan, waxaan u baahanahay caawimaad", metadata={"language": "ar"})
    assert assistant.tracker(sender)["slots"]["language"] == "ar"


def test_help_menu_in_polish(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "co umiesz robić?")
    assert [(t["response"], t["language"]) for t in assistant.last_bot_turn(sender)] == [("utter_help", "pl")]
    assert [b["payload"] for b in replies[0]["buttons"]] == ["/ask_offers", "/request_human", "/change_language"]


def test_two_misunderstandings_rephrase_then_menu(assistant):
    sender = new_sender()
    assistant.say(sender, "Dzień dobry, szukam pomocy")
    first = assistant.say(sender, "qwzx vbnm plkj")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_ask_rephrase"]
    assistant.say(sender, "xkcd qqq zzzz")
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_fallback_menu"]
    assert first and first[0]["text"]
