"""Understand residents' answers in the booking conversation (numbers or words).

The word lists are input vocabulary for matching, not text shown to anyone.
"""

from __future__ import annotations

import re
from typing import List, Optional

import phonenumbers

from bot.booking.models import CODE_ALPHABET, CODE_LENGTH
from bot.nlu.detection import find_requested_language, tokenize
from bot.offers import choice_number

MAX_ADULTS = 6
NO_INTERPRETER = "none"
NO_NAME = "-"

_NUMBER_WORDS = {
    "en": 1, "ein": 1, "ett": 1, "eitt": 1, "one": 1, "jeden": 1, "jedna": 1, "один": 1, "одна": 1, "hal": 1,
    "to": 2, "two": 2, "dwa": 2, "dwie": 2, "два": 2, "дві": 2, "laba": 2,
    "tre": 3, "three": 3, "trzy": 3, "три": 3, "saddex": 3,
    "fire": 4, "four": 4, "cztery": 4, "чотири": 4, "afar": 4,
    "fem": 5, "five": 5, "pięć": 5, "piec": 5, "п'ять": 5, "shan": 5,
    "seks": 6, "six": 6, "sześć": 6, "szesc": 6, "шість": 6, "lix": 6,
}
_YES = {
    "ja", "jo", "yes", "yep", "ok", "okay", "tak", "так", "haa", "نعم", "ايوه", "ہاں", "جی", "እወ", "ሕራይ", "jaa",
    "stemmer", "correct",
}
_NO = {"nei", "no", "nope", "nie", "ні", "maya", "لا", "نہیں", "ኣይፋል", "avbryt", "stopp", "stop", "cancel"}
_SKIP = {"-", "nei", "no", "nie", "ні", "maya", "hopp", "skip", "لا", "نہیں", "ኣይፋል"}
_CODE = re.compile(rf"\b[{CODE_ALPHABET}]{{{CODE_LENGTH}}}\b")


def parse_adults(text: str) -> Optional[int]:
    numbers = [int(n) for n in re.findall(r"\d+", text or "")]
    if not numbers:
        numbers = [_NUMBER_WORDS[t] for t in tokenize(text) if t in _NUMBER_WORDS]
    if len(numbers) != 1:
        return None
    return numbers[0] if 1 <= numbers[0] <= MAX_ADULTS else None


def parse_interpreter(text: str, conversation_language: str) -> Optional[str]:
    """A language code, ``none``, or None when the answer is unclear."""
    choice = choice_number(text, 2)
    if choice == 0:
        return conversation_language
    if choice == 1:
        return NO_INTERPRETER
    named = find_requested_language(tokenize(text))
    if named:
        return named
    tokens = set(tokenize(text))
    if tokens & _NO:
        return NO_INTERPRETER
    if tokens & _YES:
        return conversation_language
    return None


def parse_first_name(text: str) -> str:
    cleaned = " ".join((text or "").split())[:40]
    if not cleaned or cleaned.lower() in _SKIP or not any(c.isalpha() for c in cleaned):
        return NO_NAME
    return cleaned


def is_skip(text: str) -> bool:
    """«-», «nei», «skip» …: the resident would rather not answer."""
    cleaned = (text or "").strip().strip(".!")
    return not cleaned or cleaned.lower() in _SKIP


def parse_phone(text: str) -> Optional[str]:
    """A valid mobile or fixed number in E.164 (+4791234567); Norwegian by default."""
    try:
        number = phonenumbers.parse(text or "", "NO")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_yes_no(text: str) -> Optional[bool]:
    choice = choice_number(text, 2)
    if choice is not None:
        return choice == 0
    tokens = set(tokenize(text))
    if tokens & _YES and not tokens & _NO:
        return True
    if tokens & _NO:
        return False
    return None


def find_booking_code(text: str) -> Optional[str]:
    """A booking code in free text: 6 characters of the code alphabet, with a
    digit and a letter (every code has both; words do not)."""
    for match in _CODE.finditer((text or "").upper().replace("-", "")):
        code = match.group(0)
        if any(char.isdigit() for char in code) and any(char.isalpha() for char in code):
            return code
    return None


def is_phone_number(sender: str) -> bool:
    return parse_phone(sender) is not None and sender.startswith("+")


def ages_list(value) -> List[int]:
    return [int(age) for age in (value or [])]
