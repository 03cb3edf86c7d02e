"""The log redaction filter: phone numbers, person numbers (also after 2032), e-mail."""

from __future__ import annotations

import io
import logging

import pytest
import structlog
from stdnum.no import fodselsnummer

from bot.privacy.redaction import (
    EMAIL,
    PERSON_NUMBER,
    PHONE,
    TEXT,
    RedactingFilter,
    drop_message_fields,
    install,
    redact,
)

# Example numbers made for this test (valid dates, valid or deliberately invalid checksums).
VALID_FNR = "15076500565"
D_NUMBER = "55076500565"[:9] + fodselsnummer.calc_check_digit1("550765005") + "0"


@pytest.mark.parametrize(
    "text",
    [
        "ring meg på 912 34 567", "ring +47 91234567", "tlf 0047 912 34 567", "nr 91234567.",
        "whatsapp:+4791234567", "call +44 20 7946 0958",
    ],
)
def test_phone_numbers_are_redacted(text):
    redacted = redact(text)
    assert PHONE in redacted
    assert not any(run in redacted for run in ("91234567", "912 34 567", "7946"))


def test_person_numbers_are_redacted_with_or_without_a_valid_checksum():
    assert fodselsnummer.is_valid(VALID_FNR)
    assert redact(f"fnr {VALID_FNR}") == f"fnr {PERSON_NUMBER}"
    assert redact("fnr 150765 00565") == f"fnr {PERSON_NUMBER}"
    # From 2032 new numbers have check digits the old formula rejects: still redacted.
    new_style = VALID_FNR[:9] + "99"
    assert not fodselsnummer.is_valid(new_style)
    assert redact(new_style) == PERSON_NUMBER


def test_d_h_and_fh_numbers_are_redacted():
    assert redact("d-nummer 55076500565") == f"d-nummer {PERSON_NUMBER}"  # day + 40
    assert redact("h-nummer 15476500565") == f"h-nummer {PERSON_NUMBER}"  # month + 40
    assert redact("fh 81234567890") == f"fh {PERSON_NUMBER}"  # no date, by design


def test_e_mail_addresses_are_redacted():
    assert redact("skriv til asli.farah+bydel@example.no i dag") == f"skriv til {EMAIL} i dag"


@pytest.mark.parametrize("text", ["booking ABC123 at 2026-12-10 17:30", "4818 examples, p95 325 ms", "kode K7Q2"])
def test_ordinary_log_lines_are_left_alone(text):
    assert redact(text) == text


def test_the_filter_redacts_formatted_records_on_every_root_handler():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("test-redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        install(logger)
        install(logger)  # once only
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        logger.warning("SMS to %s failed for %s", "+4791234567", "asli@example.no")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().strip() == f"SMS to {PHONE} failed for {EMAIL}"


def test_rasas_structured_log_lines_lose_what_the_resident_wrote(caplog):
    """Rasa logs a failed turn with ``text=`` at ERROR, through structlog."""
    from rasa.utils.log_utils import configure_structlog

    try:
        configure_structlog(logging.INFO)
        install()
        install()  # once only
        assert structlog.get_config()["processors"].count(drop_message_fields) == 1
        structlog.get_logger().error("rest.message.received.failure", text="jeg heter Asli og bor i Tøyengata 5",
                                     sender_id="web-1")
    finally:
        structlog.reset_defaults()
    logged = caplog.text
    assert "rest.message.received.failure" in logged and "web-1" in logged
    assert "Asli" not in logged and TEXT in logged
