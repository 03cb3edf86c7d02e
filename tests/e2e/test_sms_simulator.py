"""The SMS simulator (scripts/sms.sh), driven in a pseudo-terminal, books a place."""

from __future__ import annotations

import os
import re

import pexpect
import pytest

from bot.booking.store import SqliteBookingStore
from bot.config import PROJECT_ROOT
from tests.e2e.conftest import TEST_NUMBER_KEY, TEST_TWILIO_AUTH_TOKEN

pytestmark = pytest.mark.e2e
NUMBER = "+4799999977"


def test_a_booking_through_the_simulator(assistant):
    env = {**os.environ, "INNGANG_DATA_DIR": str(assistant.workdir / "var"),
           "TWILIO_AUTH_TOKEN": TEST_TWILIO_AUTH_TOKEN, "INNGANG_NUMBER_HASH_KEY": TEST_NUMBER_KEY}
    env.pop("REDIS_URL", None)
    phone = pexpect.spawn(str(PROJECT_ROOT / "scripts" / "sms.sh"), ["--number", NUMBER, "--url", assistant.url],
                          env=env, encoding="utf-8", timeout=60)
    try:
        phone.expect("> ")
        phone.sendline("jeg vil melde meg på søknadskveld")
        phone.expect(r"--- SMS from Inngang · sent · GSM-7, \d+ characters, \d segment\(s\)")
        phone.expect("> ")
        # The last evening listed: the one with the most room (other tests book too).
        evening = max(re.findall(r"^(\d)\. ", phone.before, flags=re.MULTILINE))
        phone.sendline(evening)
        phone.expect("--- SMS from Inngang")
        for answer in ("1", "1", "-"):
            phone.expect("> ")
            phone.sendline(answer)
            phone.expect("--- SMS from Inngang")
        phone.expect("> ")
        phone.sendline("1")  # yes, book it
        phone.expect("--- SMS from Inngang")
        phone.expect("---")
        confirmation = phone.before
        phone.expect("> ")
        phone.sendeof()
        phone.expect(pexpect.EOF)
    finally:
        phone.close(force=True)
    [booking] = SqliteBookingStore(assistant.workdir / "var" / "bookings.db").for_phone(NUMBER)
    assert booking.status == "confirmed"
    assert booking.code in confirmation
    assert re.search(r"\b[A-Z0-9]{6}\b", confirmation)
