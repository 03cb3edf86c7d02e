"""What every channel does to a resident's text before the assistant reads it.

- Control characters and bidirectional overrides are stripped: they carry no
  meaning for us, can hide or reorder text on a staff member's screen
  (U+202E makes "gpj.exe" look like "exe.jpg"), and break logs.
  Zero-width joiners stay: Urdu, Arabic and emoji need them.
- A turn that ends without any answer (an error) gets an apology instead of
  silence.
- A message longer than an SMS can be (1,600 characters) is not read at all:
  the resident is asked to write shorter. Language models spend time in
  proportion to the text, and one 200 KB message held every other
  resident's turn for minutes.
"""

from __future__ import annotations

import re

MAX_MESSAGE_CHARACTERS = 1600
"""The longest message read, the same as the longest SMS body Twilio takes."""

TOO_LONG_RESPONSE = "utter_message_too_long"

LANGUAGE_SAMPLE_CHARACTERS = 300
"""Enough of a message to tell its language without reading all of it."""

UNAVAILABLE_RESPONSE = "utter_temporarily_unavailable"
"""Said while a store is unreachable (bot/stores/outage.py): the message was not read."""

NO_ANSWER_RESPONSE = "utter_no_answer"
"""Said when a turn ended without any answer (an action or a store failed):
a resident who hears nothing thinks they were ignored."""

# C0 and C1 controls except tab and newline; bidi embeddings, overrides and isolates.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """The text without control characters or bidi overrides, trimmed ("\\r" becomes "\\n")."""
    return _HIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARACTERS
