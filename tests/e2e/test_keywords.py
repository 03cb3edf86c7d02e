"""Every word the texts tell residents to type is understood, in every catalog.

A text that says «write "staff"» promises that "staff" works. This test reads
each «keyword» of every translation (by position against the bokmål «keyword»
of the same message) and checks it means what the bokmål one means: an
intent for the NLU, or an answer the form parsers understand.
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

import pytest
import requests
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.languages import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
from bot.offers import parse_children_ages

pytestmark = pytest.mark.e2e

TARGET_LANGUAGES = [lang for lang in SUPPORTED_LANGUAGES if lang != SOURCE_LANGUAGE]
KEYWORD = re.compile(r"«([^»]+)»")
EXAMPLE_CODE = "K7HM3X"

# What each bokmål keyword asks the resident to do.
INTENT_KEYWORDS = {
    "meny": {"help"},
    "ansatt": {"request_human"},
    "SOS": {"urgent_help"},
    "avbestill {code}": {"cancel_booking"},
    "mine påmeldinger": {"list_bookings"},
    "meld meg på": {"book_application_evening", "book_open_kindergarten"},
    "min sak": {"case_status"},
    "avbryt saken": {"withdraw_case"},
}
AGE_KEYWORDS = {"1 og 3", "2", "1 og 4", "3 og 7", "gravid", "ingen"}
# Typed as they stand ("-" for no name), or filled in and quoted rather
# than typed (the topic in the handoff consent); nothing to understand.
LITERAL_KEYWORDS = {"-", "{topic:t}"}


def keyword_pairs() -> List[Tuple[str, str, str]]:
    """(language, bokmål keyword, translated keyword) for every catalog."""
    pairs = set()
    for language in TARGET_LANGUAGES:
        path = PROJECT_ROOT / "locales" / language / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not isinstance(message.id, str) or not message.string:
                continue
            source, translated = KEYWORD.findall(message.id), KEYWORD.findall(message.string)
            if not source:
                continue  # «» may be plain quotation marks in a translation (Ukrainian)
            assert len(source) == len(translated), (language, message.id)
            pairs.update((language, s, t) for s, t in zip(source, translated, strict=False))
    return sorted(pairs)


PAIRS = keyword_pairs()


def test_every_keyword_is_known_to_this_test():
    unknown = {s for _, s, _ in PAIRS} - set(INTENT_KEYWORDS) - AGE_KEYWORDS - LITERAL_KEYWORDS
    assert unknown == set()
    assert len({lang for lang, _, _ in PAIRS}) == len(TARGET_LANGUAGES)


@pytest.mark.parametrize("language, source, translated", [p for p in PAIRS if p[1] in AGE_KEYWORDS])
def test_age_answers_mean_the_same_in_every_language(language, source, translated):
    assert parse_children_ages(translated) == parse_children_ages(source)
    assert parse_children_ages(translated) != (None, None)


def _intent(assistant, text: str) -> str:
    response = requests.post(f"{assistant.url}/model/parse", json={"text": text}, timeout=30)
    response.raise_for_status()
    return response.json()["intent"]["name"]


def test_intent_keywords_are_understood_in_every_language(assistant):
    wrong: Dict[str, str] = {}
    for language, source, translated in PAIRS + [("nb", s, s) for s in INTENT_KEYWORDS]:
        if source not in INTENT_KEYWORDS:
            continue
        text = translated.replace("{code}", EXAMPLE_CODE)
        intent = _intent(assistant, text)
        if intent not in INTENT_KEYWORDS[source]:
            wrong[f"{language}: {text}"] = intent
    assert wrong == {}
