"""A bare number answers the latest numbered list."""

from bot.channels.choices import last_offered_buttons, resolve_choice

MENU = {"event": "bot", "text": "Velg", "data": {"buttons": [
    {"title": "Alna", "payload": "1"},
    {"title": "Tolk", "payload": '/ask_interpreter{"service": "tolk"}'},
]}}


def test_number_becomes_the_payload():
    assert resolve_choice("2", [MENU]) == '/ask_interpreter{"service": "tolk"}'
    assert resolve_choice(" 1. ", [MENU]) == "1"


def test_out_of_range_or_words_are_left_alone():
    assert resolve_choice("3", [MENU]) is None
    assert resolve_choice("tolk", [MENU]) is None


def test_only_the_latest_bot_turn_counts():
    later = [MENU, {"event": "user", "text": "1"}, {"event": "bot", "text": "Hvor gammel?"}]
    assert last_offered_buttons(later) == []
    assert resolve_choice("1", later) is None


def test_the_last_message_with_buttons_in_the_turn_counts():
    turn = [MENU, {"event": "bot", "text": "Mer tekst"}]
    assert resolve_choice("1", turn) == "1"
