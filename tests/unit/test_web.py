"""The chat page's server side and the QR posters, without the assistant."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels.page import font_path, valid_sender
from bot.config import PROJECT_ROOT
from bot.languages import SUPPORTED_LANGUAGES
from bot.web.labels import page_labels, source_labels, translated_labels
from bot.web.poster import CHROMIUM, TOPICS, chat_url, posters, render, sms_number
from bot.web.transcript import transcript


def test_labels_come_in_the_asked_language_with_direction_and_every_language_named():
    arabic = page_labels("ar")
    assert (arabic["language"], arabic["direction"]) == ("ar", "rtl")
    assert set(arabic["labels"]) == set(source_labels())
    assert [entry["code"] for entry in arabic["languages"]] == list(SUPPORTED_LANGUAGES)
    # Each language in its own name: the picker looks the same in every language.
    assert page_labels("so")["languages"] == arabic["languages"]


@pytest.mark.parametrize("asked", ["xx", "", "../../etc/passwd", "NB", "en-GB"])
def test_an_unknown_language_falls_back_to_bokmal_and_variants_are_understood(asked):
    expected = {"NB": "nb", "en-GB": "en"}.get(asked, "nb")
    assert page_labels(asked)["language"] == expected


def test_sender_ids_are_the_pages_own_format_only():
    assert valid_sender("web-123e4567-e89b-42d3-a456-426614174000")
    for bad in ("", "sms-abc", "web-../../x", "web-" + "a" * 36 + "/", "+4791234567"):
        assert not valid_sender(bad)


def test_only_installed_font_files_are_served(tmp_path: Path):
    files = tmp_path / "noto-sans-ethiopic" / "files"
    files.mkdir(parents=True)
    (files / "noto-sans-ethiopic-ethiopic-400-normal.woff2").write_bytes(b"font")
    assert font_path("noto-sans-ethiopic-ethiopic-400-normal.woff2", tmp_path) is not None
    for bad in ("../package.json", "x.ttf", "noto-sans-ethiopic-ethiopic-700-normal.woff2", ""):
        assert font_path(bad, tmp_path) is None


def test_the_transcript_keeps_what_was_said_and_hides_payloads():
    events = [
        ActionExecuted("action_session_start"),
        UserUttered("/ask_open_kindergarten"),
        BotUttered("Åpen barnehage …", {"buttons": [{"title": "Meld meg på", "payload": "/book_open_kindergarten"}]},
                   {"utter_action": "utter_service_card", "metadata": {"language": "so", "direction": "ltr"}}),
        UserUttered("salaan"),
        BotUttered("Salaan!", {}, {"utter_action": "utter_greet", "metadata": {"language": "so"}}),
    ]
    messages = transcript(events)
    assert [m["from"] for m in messages] == ["bot", "user", "bot"]
    assert messages[0]["buttons"][0]["payload"] == "/book_open_kindergarten"
    assert messages[0]["metadata"] == {"response": "utter_service_card", "language": "so", "direction": "ltr"}
    assert "custom" not in messages[2] and messages[1]["text"] == "salaan"


def test_poster_urls_carry_language_and_topic():
    assert chat_url("https://bydel.example/", "ti", "open_kindergarten") == (
        "https://bydel.example/chat/?lang=ti&topic=open_kindergarten"
    )
    made = posters(SUPPORTED_LANGUAGES, TOPICS, "https://bydel.example", None)
    assert len(made) == len(SUPPORTED_LANGUAGES) * len(TOPICS)
    arabic = next(p for p in made if p.language == "ar")
    assert 'dir="rtl"' in arabic.html and "{{" not in arabic.html
    # Without a configured number the example number is printed, marked as example.
    number, example = sms_number(None)
    assert example and number in arabic.html
    assert html.escape(translated_labels("ar")["poster_example"]) in arabic.html


def test_a_tigrinya_poster_decodes_to_the_right_url(tmp_path: Path):
    if not Path(CHROMIUM).exists() or not shutil.which("zbarimg"):
        pytest.fail("chromium or zbarimg is missing: run scripts/setup.sh (Debian's chromium, zbar-tools)")
    [poster] = posters(["ti"], ["open_kindergarten"], "https://bydel.example", "+47 999 99 999")
    written = render([poster], tmp_path)
    png = next(path for path in written if path.suffix == ".png")
    assert next(path for path in written if path.suffix == ".pdf").read_bytes().startswith(b"%PDF")
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == "https://bydel.example/chat/?lang=ti&topic=open_kindergarten"
    assert "+47 999 99 999" in poster.html


@pytest.mark.parametrize("language", [code for code in SUPPORTED_LANGUAGES if code != "nb"])
def test_every_page_and_poster_label_is_translated(language):
    with (PROJECT_ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        reviewed = {m.id for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    assert [text for text in source_labels().values() if text not in reviewed] == []
