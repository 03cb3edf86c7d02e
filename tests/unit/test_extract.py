"""The Babel extractor finds every resident-facing text in our YAML."""

import io

from babel.messages.extract import extract_from_dir

from bot.config import PROJECT_ROOT
from bot.i18n.extract import extract_yaml

DOMAIN_SNIPPET = b"""
version: "3.1"
intents: [greet]
responses:
  utter_greet:
    - text: "Hei {first_name}!"
    - text: "Hallo!"
      buttons:
        - title: "Ja"
          payload: "/affirm"
  utter_empty:
    - text: ""
slots:
  language:
    type: text
"""


def test_texts_and_button_titles_are_extracted_with_their_path():
    found = list(extract_yaml(io.BytesIO(DOMAIN_SNIPPET), {}, [], {"sections": "responses", "fields": "text, title"}))
    assert [(message, comments) for _, _, message, comments in found] == [
        ("Hei {first_name}!", ["responses.utter_greet[0].text"]),
        ("Hallo!", ["responses.utter_greet[1].text"]),
        ("Ja", ["responses.utter_greet[1].buttons[0].title"]),
    ]
    assert [lineno for lineno, *_ in found] == [6, 7, 9]


def test_payloads_and_other_sections_are_not_extracted():
    options = {"sections": "responses", "fields": "text, title"}
    found = [m for _, _, m, _ in extract_yaml(io.BytesIO(DOMAIN_SNIPPET), {}, [], options)]
    assert "/affirm" not in found and "text" not in found


def test_babel_cfg_extracts_every_domain_response():
    method_map = [("domain/*.yml", "bot.i18n.extract:extract_yaml")]
    options_map = {"domain/*.yml": {"sections": "responses", "fields": "text, title"}}
    messages = {m[2] for m in extract_from_dir(str(PROJECT_ROOT), method_map, options_map)}
    assert any(message.startswith("Hei! Jeg er Inngang") for message in messages)
    assert "Bytte språk" in messages


def test_responses_to_staff_are_skipped_with_the_same_paths_for_the_rest():
    staff = b"  utter_staff_case:\n    - text: \"Sak {code}\"\n  utter_empty:"
    snippet = DOMAIN_SNIPPET.replace(b"  utter_empty:", staff)
    options = {"sections": "responses", "fields": "text, title", "skip": "utter_staff_"}
    found = [(m, c) for _, _, m, c in extract_yaml(io.BytesIO(snippet), {}, [], options)]
    assert ("Hei {first_name}!", ["responses.utter_greet[0].text"]) in found
    assert all(message != "Sak {code}" for message, _ in found)
