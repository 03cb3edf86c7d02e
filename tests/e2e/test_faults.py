"""Faults, tested on the real servers: Redis killed in the middle of a
conversation and of a booking, and brought back.

While Redis is down every resident gets an honest answer in their language
("temporarily unavailable", with the emergency numbers), never an error or
an empty conversation; once it is back, the conversation goes on where it
was, and a booking is made exactly once.
"""

from __future__ import annotations

import contextlib
import uuid
import xml.etree.ElementTree as ET
from typing import Iterator

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.booking.store import RedisBookingStore
from bot.channels.limits import NO_ANSWER_RESPONSE, UNAVAILABLE_RESPONSE
from bot.nlg import render_outside_turn
from bot.sms import SMS_CHANNEL
from bot.sms.encoding import prefer_gsm7
from tests.conftest import RedisServer
from tests.e2e.conftest import TEST_TWILIO_AUTH_TOKEN, Assistant, start_assistant
from tests.helpers import free_port

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def redis_that_crashes(tmp_path_factory) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path_factory.mktemp("redis-aof"), append_only=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def on_redis(redis_that_crashes, tmp_path_factory) -> Iterator[Assistant]:
    yield from start_assistant(tmp_path_factory.mktemp("assistant-faults"), redis_that_crashes.url)


@contextlib.contextmanager
def crash(server: RedisServer) -> Iterator[None]:
    """Redis killed for the duration, then started again with its append-only file."""
    server.kill()
    try:
        yield
    finally:
        server.start()


def unavailable(language: str, channel: str = "rest") -> str:
    return render_outside_turn(UNAVAILABLE_RESPONSE, language, channel)["text"]


def user_texts(assistant: Assistant, sender: str) -> list:
    return [e["text"] for e in assistant.tracker(sender)["events"] if e["event"] == "user"]


def test_a_conversation_is_told_unavailable_while_redis_is_down_and_goes_on_after(on_redis, redis_that_crashes):
    sender, question = f"web-{uuid.uuid4()}", "czy jest otwarte przedszkole w sobotę?"
    on_redis.say(sender, "hei", {"language": "pl"})
    with crash(redis_that_crashes):
        assert [r["text"] for r in on_redis.say(sender, question, {"language": "pl"})] == [unavailable("pl")]
        # Without the page's language, the text's own language.
        replies = on_redis.say(f"web-{uuid.uuid4()}", "мені потрібна допомога із заявою на садочок")
        assert [r["text"] for r in replies] == [unavailable("uk")]
        assert requests.get(f"{on_redis.url}/chat/history/{sender}", timeout=30).status_code == 503
    replies = on_redis.say(sender, question, {"language": "pl"})
    assert replies and unavailable("pl") not in [r.get("text") for r in replies]
    assert user_texts(on_redis, sender) == ["hei", question]


def test_an_sms_is_answered_unavailable_by_twilio_itself_while_redis_is_down(on_redis, redis_that_crashes):
    params = {"From": "+4791" + f"{uuid.uuid4().int % 10**6:06d}", "To": "+4759440000",
              "Body": "Salaan, waxaan rabaa caawimo", "MessageSid": f"SM{uuid.uuid4().hex}", "NumMedia": "0"}
    signature = RequestValidator(TEST_TWILIO_AUTH_TOKEN).compute_signature(on_redis.sms_url, params)
    with crash(redis_that_crashes):
        response = requests.post(on_redis.sms_url, data=params, headers={"X-Twilio-Signature": signature},
                                 timeout=60)
    assert response.status_code == 200
    [message] = ET.fromstring(response.text).findall("Message")
    assert message.text == prefer_gsm7(unavailable("so", SMS_CHANNEL))


def test_a_booking_interrupted_by_a_crash_is_made_exactly_once_after(on_redis, redis_that_crashes):
    sender, phone = f"web-{uuid.uuid4()}", f"98{uuid.uuid4().int % 10**6:06d}"
    replies = on_redis.say(sender, "jeg vil melde meg på søknadskveld")
    last_evening = next(r for r in replies if r.get("buttons"))["buttons"][-1]["payload"]
    for answer in (last_evening, "1", "2", "Ida", phone):
        on_redis.say(sender, answer)
    with crash(redis_that_crashes):
        assert [r["text"] for r in on_redis.say(sender, "1")] == [unavailable("nb")]
    bookings = RedisBookingStore(redis_that_crashes.client())
    assert bookings.for_phone("+47" + phone) == []
    on_redis.say(sender, "1")
    [booking] = bookings.for_phone("+47" + phone)
    assert booking.status == "confirmed" and booking.first_name == "Ida"
    # The conversation is the one from before the crash: the "1" confirmed its booking.
    assert [t["response"] for t in on_redis.last_bot_turn(sender)] == ["utter_booking_confirmed"]
    assert len(on_redis.sent_to("+47" + phone)) == 1


def test_with_the_action_server_stopped_the_resident_gets_an_apology_and_nothing_half_made(on_redis):
    sender = f"web-{uuid.uuid4()}"
    on_redis.actions.stop()
    try:
        replies = on_redis.say(sender, "jeg vil melde meg på søknadskveld")
        assert [r["text"] for r in replies] == [render_outside_turn(NO_ANSWER_RESPONSE, "nb", "rest")["text"]]
    finally:
        on_redis.actions.start()
        on_redis.actions.wait_until_up()
    on_redis.say(sender, "jeg vil melde meg på søknadskveld")
    assert [t["response"] for t in on_redis.last_bot_turn(sender)] == ["utter_ask_booking_session"]
