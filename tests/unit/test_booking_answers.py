"""Answers in the booking conversation: numbers or words, bad input recognised."""

import pytest

from bot.booking.answers import (
    NO_INTERPRETER,
    NO_NAME,
    find_booking_code,
    parse_adults,
    parse_first_name,
    parse_interpreter,
    parse_phone,
    parse_yes_no,
)


@pytest.mark.parametrize(
    "text, adults",
    [("3", 3), ("1", 1), ("6", 6), ("vi er tre", 3), ("dwie osoby", 2), ("0", None), ("7", None),
     ("99", None), ("mange", None), ("2 eller 3", None), ("", None)],
)
def test_adults_between_one_and_six(text, adults):
    assert parse_adults(text) == adults


@pytest.mark.parametrize(
    "text, expected",
    [("1", "so"), ("2", NO_INTERPRETER), ("arabisk", "ar"), ("tolk på urdu", "ur"),
     ("nei takk", NO_INTERPRETER), ("haa", "so"), ("blå", None), ("3", None)],
)
def test_interpreter_defaults_to_the_conversation_language(text, expected):
    assert parse_interpreter(text, "so") == expected


@pytest.mark.parametrize(
    "text, phone",
    [("912 34 567", "+4791234567"), ("+47 912 34 567", "+4791234567"), ("0047 91234567", "+4791234567"),
     ("+46 70 123 45 67", "+46701234567"), ("12", None), ("1234 abcd", None), ("ring meg", None)],
)
def test_phone_numbers_are_validated_norwegian_by_default(text, phone):
    assert parse_phone(text) == phone


@pytest.mark.parametrize("text, answer", [("1", True), ("2", False), ("ja", True), ("nei", False),
                                          ("haa", True), ("لا", False), ("kanskje", None)])
def test_yes_or_no(text, answer):
    assert parse_yes_no(text) == answer


def test_name_or_skip():
    assert parse_first_name("  Asli ") == "Asli"
    assert parse_first_name("-") == NO_NAME
    assert parse_first_name("123") == NO_NAME


@pytest.mark.parametrize("text, code", [("avbestill K7HM3X", "K7HM3X"), ("avbestill k7hm-3x", "K7HM3X"),
                                        ("jooji K7HM3X fadlan", "K7HM3X"), ("avbestill", None), ("CANCEL", None),
                                        ("HEJ MAMA KAKA", None),
                                        ("TAKK ACDEFH", None)])
def test_booking_codes_in_free_text(text, code):
    assert find_booking_code(text) == code


def test_every_new_code_has_a_digit_and_a_letter():
    from bot.booking.models import new_code

    for _ in range(200):
        code = new_code()
        assert find_booking_code(f"avbestill {code.lower()}") == code
