"""The Twilio SMS webhook, driven by signed form posts made with the twilio SDK."""

from __future__ import annotations

import itertools
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.sms.encoding import count_segments
from tests.e2e.conftest import TEST_TWILIO_AUTH_TOKEN

pytestmark = pytest.mark.e2e
_sids = itertools.count(1)
validator = RequestValidator(TEST_TWILIO_AUTH_TOKEN)


def new_number() -> str:
    return "+4790" + str(uuid.uuid4().int)[:6]


def sms(assistant, sender: str, body: str, sid: str | None = None, url: str | None = None,
        headers: dict | None = None, sign_url: str | None = None, extra: dict | None = None):
    params = {"From": sender, "To": "+4759440000", "Body": body,
              "MessageSid": sid or f"SM{uuid.uuid4().hex}", "NumMedia": "0", **(extra or {})}
    target = url or assistant.sms_url
    signature = validator.compute_signature(sign_url or target, params)
    response = requests.post(target, data=params, timeout=60,
                             headers={"X-Twilio-Signature": signature, **(headers or {})})
    return response


def reply_text(response) -> str:
    assert response.status_code == 200, response.text
    messages = ET.fromstring(response.text).findall("Message")
    return "\n".join(message.text or "" for message in messages)


def test_unsigned_or_tampered_requests_are_refused(assistant):
    sender = new_number()
    unsigned = requests.post(assistant.sms_url, data={"From": sender, "Body": "hei"}, timeout=30)
    assert unsigned.status_code == 403
    params = {"From": sender, "Body": "hei", "MessageSid": "SMx"}
    signature = validator.compute_signature(assistant.sms_url, params)
    tampered = requests.post(assistant.sms_url, data={**params, "Body": "hei hei"},
                             headers={"X-Twilio-Signature": signature}, timeout=30)
    assert tampered.status_code == 403
    assert assistant.tracker(sender)["events"] == [] or all(
        e["event"] != "user" for e in assistant.tracker(sender)["events"]
    )


def test_a_signed_greeting_is_answered_in_its_language(assistant):
    sender = new_number()
    text = reply_text(sms(assistant, sender, "Salaan, waxaan u baahanahay caawimaad"))
    assert text
    assert assistant.tracker(sender)["slots"]["language"] == "so"


def test_signature_made_for_the_public_https_address_behind_a_proxy(assistant):
    sender = new_number()
    public = assistant.sms_url.replace("http://", "https://")
    response = sms(assistant, sender, "hei", sign_url=public, headers={"X-Forwarded-Proto": "https"})
    assert reply_text(response)


def test_a_retried_webhook_is_one_turn(assistant):
    sender = new_number()
    first = sms(assistant, sender, "hei", sid="SMretry1")
    again = sms(assistant, sender, "hei", sid="SMretry1")
    assert reply_text(first)
    assert reply_text(again) == ""
    users = [e for e in assistant.tracker(sender)["events"] if e["event"] == "user"]
    assert len(users) == 1


def test_a_picture_without_text_gets_a_clear_answer(assistant):
    sender = new_number()
    sms(assistant, sender, "Привіт, мені потрібна допомога")
    text = reply_text(sms(assistant, sender, "", extra={"NumMedia": "1", "MediaUrl0": "https://example.org/x.jpg"}))
    assert text
    users = [e for e in assistant.tracker(sender)["events"] if e["event"] == "user"]
    assert len(users) == 1  # the picture did not become a turn


def test_long_answers_are_paged_with_mer(assistant):
    sender = new_number()
    sms(assistant, sender, "مرحبا، أحتاج مساعدة لأطفالي")
    first = reply_text(sms(assistant, sender, "ما هو barnevern؟ أرسلوا لي رسالة"))
    assert count_segments(first).segments <= 2
    turn = assistant.last_bot_turn(sender)
    assert [t["response"] for t in turn][:1] == ["utter_service_card"]
    assert {t["language"] for t in turn} == {"ar"}
    pages = [first]
    for _ in range(10):
        page = reply_text(sms(assistant, sender, "MER"))
        if not page or page in pages:
            break
        pages.append(page)
        assert count_segments(page).segments <= 2
    assert len(pages) > 1
    users = [e for e in assistant.tracker(sender)["events"] if e["event"] == "user"]
    assert len(users) == 2  # MER pages are not conversation turns


def test_numbered_lists_are_answered_by_number(assistant):
    sender = new_number()
    sms(assistant, sender, "hei")
    reply = reply_text(sms(assistant, sender, "hva kan bydelen tilby meg og barna mine?"))
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_ask_children_ages"]
    sms(assistant, sender, "1 og 3")
    situation = reply_text(sms(assistant, sender, "2"))  # we are new in the bydel
    assert assistant.tracker(sender)["slots"]["situation"] == "new_in_bydel"
    listing = reply_text(sms(assistant, sender, "2"))  # Bjerke
    assert assistant.tracker(sender)["slots"]["bydel"] == "bjerke"
    assert "1. " in listing and "/ask_" not in listing  # numbered, payloads hidden
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_offers_list"]
    reply_text(sms(assistant, sender, "1"))
    assert [t["response"] for t in assistant.last_bot_turn(sender)][:1] == ["utter_service_card"]
    assert reply and situation


def twiml_messages(response) -> list:
    assert response.status_code == 200, response.text
    return [m.text or "" for m in ET.fromstring(response.text).findall("Message")]


def user_turns(assistant, number: str) -> int:
    events = assistant.tracker(assistant.sms_conversation(number))["events"]
    return sum(1 for e in events if e["event"] == "user")


@pytest.mark.parametrize("stop", ["STOP", "stopp", "Slutt", "stop."])
def test_stop_confirms_once_then_nothing_until_start(assistant, stop):
    number = new_number()
    assert twiml_messages(sms(assistant, number, "hei"))
    assert len(twiml_messages(sms(assistant, number, stop))) == 1
    assert twiml_messages(sms(assistant, number, stop)) == []  # already stopped: no second confirmation
    assert twiml_messages(sms(assistant, number, "hva koster barnehage?")) == []
    assert twiml_messages(sms(assistant, number, "HJELP")) == []
    assert user_turns(assistant, number) == 1  # nothing after STOP reached the assistant
    assert len(twiml_messages(sms(assistant, number, "START"))) == 1
    assert twiml_messages(sms(assistant, number, "hva koster barnehage?"))
    assert user_turns(assistant, number) == 2


def test_stop_also_stops_confirmations_of_web_bookings(assistant):
    import json

    number = "+4793" + str(uuid.uuid4().int)[:6]
    sms(assistant, number, "STOPP")
    sender = f"web-{uuid.uuid4().hex[:8]}"
    for text in ("jeg vil melde meg på søknadskveld", "1", "1", "1", "-", number[3:], "1"):
        assistant.say(sender, text, metadata={"language": "nb"})
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_booking_confirmed"]
    outbox = assistant.workdir / "var" / "outbox" / "sms.jsonl"
    lines = outbox.read_text(encoding="utf-8").splitlines() if outbox.exists() else []
    assert [line for line in lines if json.loads(line)["to"] == number] == []


def test_help_is_answered_by_the_channel(assistant):
    number = new_number()
    [help_text] = twiml_messages(sms(assistant, number, "HELP"))
    assert help_text
    assert user_turns(assistant, number) == 0


def test_a_body_over_1600_characters_gets_write_shorter_instead_of_a_turn(assistant):
    number = new_number()
    [answer] = twiml_messages(sms(assistant, number, "barnehage " * 200))
    assert answer and len(answer) < 320
    assert user_turns(assistant, number) == 0


def test_a_flood_from_one_sender_is_answered_once_then_silenced(assistant):
    number = new_number()
    replies = [twiml_messages(sms(assistant, number, f"hei {n}")) for n in range(12)]
    assert all(replies[:10])
    assert len(replies[10]) == 1  # "please wait", once
    assert replies[11] == []
    assert user_turns(assistant, number) == 10
