"""The servers' logs after real conversations hold no phone number, person
number, e-mail address or message text (bot/privacy/redaction.py)."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.test_sms import TYPED_ON_THE_WEB, new_number, replies_of, sms

pytestmark = pytest.mark.e2e

# Example person number with a valid date (made up for tests).
PERSON_NUMBER = "15076500565"


def all_logs(assistant) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in assistant.workdir.glob("*.log"))


def test_a_run_of_real_conversations_leaves_no_personal_data_in_the_logs(assistant):
    marker = f"sjiraffbuss{uuid.uuid4().hex[:8]}"
    phone = f"93{uuid.uuid4().int % 10**6:06d}"
    TYPED_ON_THE_WEB.add("+47" + phone)
    sender = f"web-{uuid.uuid4()}"
    texts = [
        f"hei, {marker} her",
        f"ring meg på {phone[:3]} {phone[3:5]} {phone[5:]}, fnr {PERSON_NUMBER}",
        f"mailen min er {marker}@example.no",
        "jeg vil melde meg på søknadskveld",
    ]
    for text in texts:
        assistant.say(sender, text)
    for answer in ("1", "1", "2", marker.capitalize(), phone, "1"):
        assistant.say(sender, answer)
    number = new_number()
    replies_of(sms(assistant, number, f"{marker} hjelp med barnehage, fnr {PERSON_NUMBER}"))
    assistant.say(f"web-{uuid.uuid4()}", "x" * 2000 + marker)  # refused as too long, still not logged

    logs = all_logs(assistant)
    assert "Rasa server is up and running" in logs or "Starting Rasa server" in logs  # the right file
    for secret in (marker, phone, f"{phone[:3]} {phone[3:5]} {phone[5:]}", PERSON_NUMBER, number[1:], number[3:]):
        assert secret not in logs, secret
