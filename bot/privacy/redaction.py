"""One logging filter that takes personal numbers and addresses out of every log line.

Redacted, wherever they appear in a log message or its arguments:

- phone numbers, Norwegian and international (``phonenumbers``);
- fødselsnummer, D-numbers, H-numbers and FH-numbers: eleven digits (a
  space after the sixth is allowed) whose first six read as a birth date by
  ``python-stdnum``'s rules. The check digits are deliberately not required:
  from 2032 new numbers get check digits the old formula rejects, and a
  redaction that misses them is a leak. A few other eleven-digit numbers
  are redacted too, which costs nothing in a log.
- e-mail addresses.

Installed on every handler of the root logger by the servers at start
(``install``), so records from Rasa's own modules pass it too.

Rasa also logs through structlog, and some of its events carry what the
resident wrote (``text=...`` when a turn fails, at ERROR). ``install`` puts
a first processor in front of Rasa's, which replaces those fields by
``[text]``: no message text reaches a log at any level.
"""

from __future__ import annotations

import logging
import re
from typing import Any, MutableMapping, Optional

import phonenumbers
import structlog
from stdnum.exceptions import ValidationError
from stdnum.no.fodselsnummer import get_birth_date

PHONE = "[phone]"
PERSON_NUMBER = "[fødselsnummer]"
EMAIL = "[e-mail]"
TEXT = "[text]"
# Rasa's structlog fields that hold a resident's words or what was made of
# them (rasa/utils/log_utils.py lists the same for its paid anonymiser).
MESSAGE_FIELDS = frozenset({
    "text", "response_text", "user_text", "parse_data_text", "parse_data_entities", "message",
    "user_message", "json_message", "tracker_latest_message", "slot_values", "prefilled_slots",
    "slot_candidates", "rasa_event", "rasa_events", "prediction_events", "entity", "current_entity",
    "next_entity", "token_text", "response",
})

MIN_PHONE_DIGITS = 8
_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _is_person_number(digits: str) -> bool:
    if int(digits[0:2]) >= 80:  # FH-numbers carry no date, by design
        return True
    try:
        get_birth_date(digits)
    except (ValidationError, ValueError):
        return False
    return True


def _person_numbers(text: str) -> str:
    def replace(match: re.Match) -> str:
        digits = match.group(1) + match.group(2)
        return PERSON_NUMBER if _is_person_number(digits) else match.group(0)

    return _ELEVEN_DIGITS.sub(replace, text)


def _phone_numbers(text: str) -> str:
    # Lenient on purpose (a mistyped number is still someone's), but "p95 325"
    # is a measurement: Norwegian numbers have eight digits, others more.
    matches = [
        match for match in phonenumbers.PhoneNumberMatcher(text, "NO", leniency=phonenumbers.Leniency.POSSIBLE)
        if sum(char.isdigit() for char in match.raw_string) >= MIN_PHONE_DIGITS
    ]
    for match in reversed(matches):
        text = text[: match.start] + PHONE + text[match.end:]
    return text


def redact(text: str) -> str:
    """``text`` without phone numbers, person numbers or e-mail addresses."""
    # Person numbers first: the phone matcher would take eleven digits for a number.
    return _phone_numbers(_EMAIL.sub(EMAIL, _person_numbers(text)))


class RedactingFilter(logging.Filter):
    """Redacts the formatted message of every record that passes a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is, by the handler
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def drop_message_fields(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A structlog processor: what a resident wrote never reaches the renderer."""
    for field in MESSAGE_FIELDS.intersection(event):
        event[field] = TEXT
    return event


def install(logger: Optional[logging.Logger] = None) -> None:
    """Add the filter to every handler of ``logger`` (the root logger) once,
    and :func:`drop_message_fields` in front of structlog's processors."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())
    processors = list(structlog.get_config()["processors"])
    if drop_message_fields not in processors:
        structlog.configure(processors=[drop_message_fields, *processors])
