"""The Twilio SMS webhook, driven by signed form posts made with the twilio SDK."""

from __future__ import annotations

import itertools
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import List

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.outbox.models import Status
from bot.sms.encoding import count_segments
from tests.e2e.conftest import TEST_TWILIO_AUTH_TOKEN

pytestmark = pytest.mark.e2e
_sids = itertools.count(1)
# Numbers a test also types into a web conversation, where the resident
# gives their number themselves (the web tracker holds what they type).
TYPED_ON_THE_WEB: set = set()
# Every number that wrote through the webhook in this test session.
SMS_SENDERS: set = set()
validator = RequestValidator(TEST_TWILIO_AUTH_TOKEN)


def new_number() -> str:
    return "+4790" + str(uuid.uuid4().int)[:6]


@dataclass
class Sent:
    """One signed webhook post: Twilio's answer, and the SMS the turn sent back."""

    response: requests.Response
    replies: List[str]


def sms(assistant, sender: str, body: str, sid: str | None = None, url: str | None = None,
        headers: dict | None = None, sign_url: str | None = None, extra: dict | None = None) -> Sent:
    params = {"From": sender, "To": "+4759440000", "Body": body,
              "MessageSid": sid or f"SM{uuid.uuid4().hex}", "NumMedia": "0", **(extra or {})}
    target = url or assistant.sms_url
    signature = validator.compute_signature(sign_url or target, params)
    before = len(assistant.twilio.delivered(sender))
    SMS_SENDERS.add(sender.removeprefix("whatsapp:"))
    response = requests.post(target, data=params, timeout=60,
                             headers={"X-Twilio-Signature": signature, **(headers or {})})
    if response.status_code != 200:
        return Sent(response, [])
    return Sent(response, assistant.sent_to(sender)[before:])


def replies_of(sent: Sent) -> List[str]:
    """The SMS a webhook post led to; the webhook's own answer is empty TwiML."""
    assert sent.response.status_code == 200, sent.response.text
    assert ET.fromstring(sent.response.text).findall("Message") == []
    return sent.replies


def reply_text(sent: Sent) -> str:
    return "\n".join(replies_of(sent))


def test_unsigned_or_tampered_requests_are_refused(assistant):
    sender = new_number()
    unsigned = requests.post(assistant.sms_url, data={"From": sender, "Body": "hei"}, timeout=30)
    assert unsigned.status_code == 403
    params = {"From": sender, "Body": "hei", "MessageSid": "SMx"}
    signature = validator.compute_signature(assistant.sms_url, params)
    tampered = requests.post(assistant.sms_url, data={**params, "Body": "hei hei"},
                             headers={"X-Twilio-Signature": signature}, timeout=30)
    assert tampered.status_code == 403
    assert assistant.tracker(assistant.sms_conversation(sender))["events"] == [] or all(
        e["event"] != "user" for e in assistant.tracker(assistant.sms_conversation(sender))["events"]
    )


def test_a_signed_greeting_is_answered_in_its_language(assistant):
    sender = new_number()
    text = reply_text(sms(assistant, sender, "Salaan, waxaan u baahanahay caawimaad"))
    assert text
    assert assistant.tracker(assistant.sms_conversation(sender))["slots"]["language"] == "so"


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
    users = [e for e in assistant.tracker(assistant.sms_conversation(sender))["events"] if e["event"] == "user"]
    assert len(users) == 1


def test_a_picture_without_text_gets_a_clear_answer(assistant):
    sender = new_number()
    sms(assistant, sender, "Привіт, мені потрібна допомога")
    text = reply_text(sms(assistant, sender, "", extra={"NumMedia": "1", "MediaUrl0": "https://example.org/x.jpg"}))
    assert text
    users = [e for e in assistant.tracker(assistant.sms_conversation(sender))["events"] if e["event"] == "user"]
    assert len(users) == 1  # the picture did not become a turn


def test_long_answers_are_paged_with_mer(assistant):
    sender = new_number()
    sms(assistant, sender, "مرحبا، أحتاج مساعدة لأطفالي")
    first = reply_text(sms(assistant, sender, "ما هو barnevern؟ أرسلوا لي رسالة"))
    assert count_segments(first).segments <= 2
    turn = assistant.last_bot_turn(assistant.sms_conversation(sender))
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
    users = [e for e in assistant.tracker(assistant.sms_conversation(sender))["events"] if e["event"] == "user"]
    assert len(users) == 2  # MER pages are not conversation turns


def test_numbered_lists_are_answered_by_number(assistant):
    sender = new_number()
    sms(assistant, sender, "hei")
    reply = reply_text(sms(assistant, sender, "hva kan bydelen tilby meg og barna mine?"))
    turn = assistant.last_bot_turn(assistant.sms_conversation(sender))
    assert [t["response"] for t in turn] == ["utter_ask_children_ages"]
    sms(assistant, sender, "1 og 3")
    situation = reply_text(sms(assistant, sender, "2"))  # we are new in the bydel
    assert assistant.tracker(assistant.sms_conversation(sender))["slots"]["situation"] == "new_in_bydel"
    listing = reply_text(sms(assistant, sender, "2"))  # Bjerke
    assert assistant.tracker(assistant.sms_conversation(sender))["slots"]["bydel"] == "bjerke"
    assert "1. " in listing and "/ask_" not in listing  # numbered, payloads hidden
    assert [t["response"] for t in assistant.last_bot_turn(assistant.sms_conversation(sender))] == ["utter_offers_list"]
    reply_text(sms(assistant, sender, "1"))
    turn = assistant.last_bot_turn(assistant.sms_conversation(sender))
    assert [t["response"] for t in turn][:1] == ["utter_service_card"]
    assert reply and situation


def user_turns(assistant, number: str) -> int:
    events = assistant.tracker(assistant.sms_conversation(number))["events"]
    return sum(1 for e in events if e["event"] == "user")


@pytest.mark.parametrize("stop", ["STOP", "stopp", "Slutt", "stop."])
def test_stop_confirms_once_then_nothing_until_start(assistant, stop):
    number = new_number()
    assert replies_of(sms(assistant, number, "hei"))
    assert len(replies_of(sms(assistant, number, stop))) == 1
    assert replies_of(sms(assistant, number, stop)) == []  # already stopped: no second confirmation
    assert replies_of(sms(assistant, number, "hva koster barnehage?")) == []
    assert replies_of(sms(assistant, number, "HJELP")) == []
    assert user_turns(assistant, number) == 1  # nothing after STOP reached the assistant
    assert len(replies_of(sms(assistant, number, "START"))) == 1
    assert replies_of(sms(assistant, number, "hva koster barnehage?"))
    assert user_turns(assistant, number) == 2


def test_stop_also_stops_confirmations_of_web_bookings(assistant):
    number = "+4793" + str(uuid.uuid4().int)[:6]
    TYPED_ON_THE_WEB.add(number)
    sms(assistant, number, "STOPP")
    sender = f"web-{uuid.uuid4().hex[:8]}"
    for text in ("jeg vil melde meg på søknadskveld", "1", "1", "1", "-", number[3:], "1"):
        assistant.say(sender, text, metadata={"language": "nb"})
    assert [t["response"] for t in assistant.last_bot_turn(sender)] == ["utter_booking_confirmed"]
    assert len(assistant.sent_to(number)) == 1  # only the STOP confirmation
    confirmation = [m for m in assistant.outbox.messages(limit=10_000) if m.kind == "confirmation"
                    and m.recipient == number]
    assert [m.status for m in confirmation] == [Status.OPTED_OUT]


def test_help_is_answered_by_the_channel(assistant):
    number = new_number()
    [help_text] = replies_of(sms(assistant, number, "HELP"))
    assert help_text
    assert user_turns(assistant, number) == 0


def test_a_body_over_1600_characters_gets_write_shorter_instead_of_a_turn(assistant):
    number = new_number()
    [answer] = replies_of(sms(assistant, number, "barnehage " * 200))
    assert answer and len(answer) < 320
    assert user_turns(assistant, number) == 0


def test_a_flood_from_one_sender_is_answered_once_then_silenced(assistant):
    number = new_number()
    replies = [replies_of(sms(assistant, number, f"hei {n}")) for n in range(12)]
    assert all(replies[:10])
    assert len(replies[10]) == 1  # "please wait", once
    assert replies[11] == []
    assert user_turns(assistant, number) == 10


def test_the_webhook_answers_at_once_and_the_reply_comes_through_the_outbox(assistant):
    number = new_number()
    sent = sms(assistant, number, "Hei, hva er åpen barnehage?")
    assert sent.response.elapsed.total_seconds() < 1.0
    assert replies_of(sent)  # arrived afterwards, through the outbox and "Twilio"
    [request] = [r for r in assistant.twilio.delivered(number)]
    assert request["form"]["From"] == "+4759440000"
    assert request["auth"].startswith("AC")


def test_status_callbacks_are_recorded_and_unsigned_ones_refused(assistant):
    number = new_number()
    replies_of(sms(assistant, number, "hei"))
    message = assistant.outbox.messages(recipient_id=assistant.outbox.messages(limit=10_000)[-1].recipient_id)[-1]
    params = {"MessageSid": message.provider_id, "MessageStatus": "delivered", "AccountSid": "AC1"}
    unsigned = requests.post(assistant.status_url, data=params, timeout=30)
    assert unsigned.status_code == 403
    signature = validator.compute_signature(assistant.status_url, params)
    signed = requests.post(assistant.status_url, data=params, headers={"X-Twilio-Signature": signature}, timeout=30)
    assert signed.status_code in (200, 204)
    [after] = [m for m in assistant.outbox.messages(limit=10_000) if m.key == message.key]
    assert after.status is Status.DELIVERED


def test_whatsapp_a_somali_question_gets_a_somali_answer_on_whatsapp(assistant):
    address = "whatsapp:" + new_number()
    replies = replies_of(sms(assistant, address, "Salaan, waa maxay åpen barnehage? Ilmahaygu waa 2 sano"))
    assert replies
    assert all(r["form"]["From"] == "whatsapp:+4759440000" for r in assistant.twilio.delivered(address))
    conversation = assistant.sms_conversation(address)
    assert conversation.startswith("wa-")
    assert assistant.tracker(conversation)["slots"]["language"] == "so"
    assert {turn["language"] for turn in assistant.last_bot_turn(conversation)} == {"so"}


def test_an_arabic_answer_is_paged_in_ucs2_segments_on_sms_and_sent_whole_on_whatsapp(assistant):
    question = "ما هو barnevern؟ أرسلوا لي رسالة"
    on_sms, on_whatsapp = new_number(), "whatsapp:" + new_number()
    for address in (on_sms, on_whatsapp):
        sms(assistant, address, "مرحبا، أحتاج مساعدة لأطفالي")
    [first_page] = replies_of(sms(assistant, on_sms, question))
    [whole] = replies_of(sms(assistant, on_whatsapp, question))
    page = count_segments(first_page)
    assert page.encoding == "UCS-2" and page.segments <= 2
    assert count_segments(whole).segments > 2 and len(whole) <= 4096
    assert first_page.split("\n")[0] in whole  # the same answer, cut on SMS only


def test_slett_deletes_the_conversation_and_bookings_after_a_yes(assistant):
    from bot.booking.store import SqliteBookingStore

    number = new_number()
    listing = reply_text(sms(assistant, number, "jeg vil melde meg på søknadskveld"))
    evening = max(re.findall(r"^(\d)\. ", listing, flags=re.MULTILINE))  # the most room
    for answer in (evening, "1", "1", "-", "1"):
        replies_of(sms(assistant, number, answer))
    bookings = SqliteBookingStore(assistant.workdir / "var" / "bookings.db")
    assert [b.status for b in bookings.for_phone(number)] == ["confirmed"]
    conversation = assistant.sms_conversation(number)
    [question] = replies_of(sms(assistant, number, "SLETT"))
    assert bookings.for_phone(number)  # nothing deleted before the yes
    [receipt] = replies_of(sms(assistant, number, "ja"))
    assert receipt and "1" in receipt
    assert bookings.for_phone(number) == []
    assert [e for e in assistant.tracker(conversation)["events"] if e["event"] == "user"] == []
    assert assistant.outbox.address_of(conversation) is None


def test_slett_answered_no_deletes_nothing(assistant):
    number = new_number()
    replies_of(sms(assistant, number, "hei"))
    replies_of(sms(assistant, number, "slett"))
    assert replies_of(sms(assistant, number, "nei"))
    assert user_turns(assistant, number) == 1


def test_the_conversation_store_holds_no_phone_number(assistant):
    """Run last in this file: every number that wrote by SMS or WhatsApp so far."""
    replies_of(sms(assistant, new_number(), "hei, kan jeg få en time?"))
    numbers = SMS_SENDERS - TYPED_ON_THE_WEB
    assert len(numbers) > 10
    stored = b"".join(path.read_bytes() for path in (assistant.workdir / "var").glob("conversations.db*"))
    # Whole runs of digits only: a stored float may hold any 8 digits inside it.
    digit_runs = set(re.findall(rb"\d+", stored))
    for number in numbers:
        for form in (number[1:], number[3:]):  # 4790123456 (also in +4790123456), 90123456
            assert form.encode() not in digit_runs, form
