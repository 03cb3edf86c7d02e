"""The SMS simulator (scripts/sms.sh), driven in pseudo-terminals: a booking, and a handoff with two phones."""

from __future__ import annotations

import os
import re
from datetime import datetime

import pexpect
import pytest

from bot.booking.store import SqliteBookingStore
from bot.config import PROJECT_ROOT
from bot.handoff.models import find_case_code
from tests.e2e.conftest import STAFF, TEST_NUMBER_KEY, TEST_TWILIO_AUTH_TOKEN

pytestmark = pytest.mark.e2e
NUMBER = "+4799999977"


def spawn(assistant, number: str) -> pexpect.spawn:
    """One phone: scripts/sms.sh in a pseudo-terminal."""
    env = {**os.environ, "INNGANG_DATA_DIR": str(assistant.workdir / "var"),
           "TWILIO_AUTH_TOKEN": TEST_TWILIO_AUTH_TOKEN, "INNGANG_NUMBER_HASH_KEY": TEST_NUMBER_KEY}
    env.pop("REDIS_URL", None)
    return pexpect.spawn(str(PROJECT_ROOT / "scripts" / "sms.sh"), ["--number", number, "--url", assistant.url],
                         env=env, encoding="utf-8", timeout=60)


def say(phone: pexpect.spawn, text: str) -> str:
    """Type one SMS and return the assistant's answer."""
    phone.expect("> ")
    phone.sendline(text)
    phone.expect("--- SMS from Inngang")
    phone.expect("\n---")
    return phone.before


def test_a_whole_handoff_with_two_phones(assistant):
    """A resident and a staff member, each at a phone (two terminals)."""
    assistant.set_clock(datetime(2026, 12, 10, 10, 0))  # a Thursday morning
    staff, resident = spawn(assistant, STAFF["amina"]), spawn(assistant, "+4799999976")
    try:
        staff.expect("> ")
        say(resident, "kan noen ringe meg?")
        for answer in ("1", "Jeg lurer på barnehageplass", "-", "2"):
            say(resident, answer)
        sent = say(resident, "4")
        code = find_case_code(sent)
        staff.expect(f"sak {code}")  # the case arrives on the staff phone
        staff.sendline(f"OK {code}")
        staff.expect(f"Sak {code} er din")
        resident.expect(f"Amina .*{code}")  # the resident is told who
    finally:
        assistant.set_clock(None)
        for phone in (staff, resident):
            phone.close(force=True)


def test_a_booking_through_the_simulator(assistant):
    phone = spawn(assistant, NUMBER)
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
