"""The outbox and its sender, with the real twilio SDK against a local fake API."""

from __future__ import annotations

import pytest

from bot.config import load_settings
from bot.outbox.models import InboundMessage, Kind, Status
from bot.outbox.queue import queue_text
from bot.outbox.redis_store import RedisOutbox
from bot.outbox.senders import LocalSender, TwilioSender, build_sender
from bot.outbox.store import SqliteOutbox
from bot.outbox.worker import CLAIM_LEASE_SECONDS, OutboxWorker
from bot.sms.numbers import number_id
from bot.sms.optout import OptOuts
from bot.stores.kv import InMemoryStore
from tests.fakes.twilio_api import FakeTwilioApi

RESIDENT = "+4791234567"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_twilio():
    fake = FakeTwilioApi().start()
    yield fake
    fake.stop()


@pytest.fixture(params=["sqlite", "redis"])
def outbox(request, tmp_path):
    """One contract, two stores."""
    if request.param == "sqlite":
        return SqliteOutbox(tmp_path / "outbox.db")
    request.getfixturevalue("redis_client")  # an empty database
    return RedisOutbox.from_url(request.getfixturevalue("redis_server").url)


def settings_for(fake: FakeTwilioApi | None, **extra: str):
    env = {"INNGANG_OUTBOX_RETRY_SECONDS": "2", "INNGANG_OUTBOX_MAX_ATTEMPTS": "5", **extra}
    if fake is not None:
        env.update({"TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "test-token",
                    "TWILIO_FROM_NUMBER": "+4759440000", "TWILIO_API_BASE_URL": fake.url})
    return load_settings(env)


def make_worker(outbox, fake, clock, **extra):
    settings = settings_for(fake, **extra)
    return OutboxWorker(outbox, build_sender(settings), OptOuts(InMemoryStore()), settings, clock)


def queue(outbox, clock, body="Hei", key=None, to=RESIDENT, kind=Kind.REPLY.value):
    return queue_text(to, body, key or f"k-{body}-{to}", kind, outbox=outbox, clock=clock)


def test_the_sender_follows_the_environment(fake_twilio):
    assert isinstance(build_sender(settings_for(None)), LocalSender)
    assert isinstance(build_sender(settings_for(fake_twilio)), TwilioSender)


def test_a_key_is_queued_once(outbox):
    clock = Clock()
    assert queue(outbox, clock, key="confirmation:K7HM3X")
    assert not queue(outbox, clock, key="confirmation:K7HM3X")
    assert [m.key for m in outbox.messages()] == ["confirmation:K7HM3X"]


def test_sent_through_the_sdk_with_the_account_and_numbers(outbox, fake_twilio):
    clock = Clock()
    queue(outbox, clock, "Velkommen til søknadskveld")
    assert make_worker(outbox, fake_twilio, clock).drain() == 1
    [request] = fake_twilio.delivered(RESIDENT)
    assert request["path"].endswith(f"/Accounts/AC{'1' * 32}/Messages.json")
    assert request["form"] == {"To": RESIDENT, "From": "+4759440000", "Body": "Velkommen til søknadskveld"}
    [message] = outbox.messages()
    assert message.status is Status.SENT and message.provider_id.startswith("SM") and message.attempts == 1


def test_three_server_errors_then_delivered_once(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    fake_twilio.answer_next((500, None), (500, None), (500, None))
    queue(outbox, clock)
    waits = []
    for _ in range(3):
        worker.drain()
        [message] = outbox.messages()
        assert message.status is Status.QUEUED
        waits.append(message.next_attempt - clock.now)
        assert worker.drain() == 0  # not before its time
        clock.now = message.next_attempt
    worker.drain()
    assert len(fake_twilio.delivered(RESIDENT)) == 1
    assert len(fake_twilio.received) == 4
    assert outbox.messages()[0].status is Status.SENT
    assert waits[0] < waits[1] < waits[2]  # exponential back-off


def test_gives_up_after_the_last_attempt(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock, INNGANG_OUTBOX_MAX_ATTEMPTS="2")
    fake_twilio.answer_next((503, None), (503, None), (503, None))
    queue(outbox, clock)
    worker.drain()
    clock.now = outbox.messages()[0].next_attempt
    worker.drain()
    assert outbox.messages()[0].status is Status.FAILED
    assert fake_twilio.delivered() == []


def test_21610_records_the_opt_out_and_nothing_more_is_sent(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    fake_twilio.answer_next((400, 21610))
    queue(outbox, clock, "one")
    queue(outbox, clock, "two")
    worker.drain()
    assert [m.status for m in outbox.messages()] == [Status.OPTED_OUT, Status.OPTED_OUT]
    assert worker.optouts.is_opted_out(RESIDENT)
    assert len(fake_twilio.received) == 1  # the second was never tried


def test_rate_limit_pauses_all_sending_and_backs_off(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    fake_twilio.answer_next((429, 20429))
    queue(outbox, clock, "first", to=RESIDENT)
    queue(outbox, clock, "other", to="+4790000001")
    worker.drain()
    assert len(fake_twilio.received) == 1  # the other recipient waits too
    assert {m.status for m in outbox.messages()} == {Status.QUEUED}
    clock.now += 60
    worker.drain()
    assert len(fake_twilio.delivered()) == 2


def test_a_permanent_error_is_recorded_and_not_retried(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    fake_twilio.answer_next((400, 21211))  # invalid 'To' number
    queue(outbox, clock)
    worker.drain()
    clock.now += 3600
    worker.drain()
    [message] = outbox.messages()
    assert message.status is Status.FAILED and "21211" in message.error
    assert len(fake_twilio.received) == 1


def test_replies_to_one_resident_keep_their_order_behind_a_retry(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    fake_twilio.answer_next((500, None))
    for body in ("1", "2", "3"):
        queue(outbox, clock, body)
    worker.drain()
    assert fake_twilio.delivered() == []  # 2 and 3 wait behind 1
    clock.now += 60
    worker.drain()
    assert [r["form"]["Body"] for r in fake_twilio.delivered(RESIDENT)] == ["1", "2", "3"]


def test_nothing_is_sent_to_a_number_that_said_stop_except_the_stop_confirmation(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock)
    worker.optouts.opt_out(RESIDENT)
    queue(outbox, clock, "stopped", kind=Kind.OPT_OUT_CONFIRMATION.value)
    queue(outbox, clock, "reminder", kind=Kind.REMINDER.value)
    worker.drain()
    assert [r["form"]["Body"] for r in fake_twilio.delivered()] == ["stopped"]
    assert outbox.messages()[1].status is Status.OPTED_OUT


def test_a_daily_cap_per_number(outbox, fake_twilio):
    clock = Clock()
    worker = make_worker(outbox, fake_twilio, clock, INNGANG_SMS_DAILY_CAP="3")
    for n in range(5):
        queue(outbox, clock, f"m{n}")
    queue(outbox, clock, "to someone else", to="+4790000001")
    worker.drain()
    assert len(fake_twilio.delivered(RESIDENT)) == 3
    assert len(fake_twilio.delivered("+4790000001")) == 1
    assert [m.status for m in outbox.messages()].count(Status.CAPPED) == 2
    clock.now += 24 * 3600 + 1
    queue(outbox, clock, "next day")
    worker.drain()
    assert len(fake_twilio.delivered(RESIDENT)) == 4


def test_a_claim_left_by_a_stopped_sender_is_never_sent_twice(outbox, fake_twilio):
    clock = Clock()
    queue(outbox, clock)
    assert outbox.claim(clock.now) is not None  # a sender took it, then its process died
    worker = make_worker(outbox, fake_twilio, clock)
    assert worker.drain() == 0
    clock.now += CLAIM_LEASE_SECONDS + 1
    assert worker.recover() == 1
    worker.drain()
    assert outbox.messages()[0].status is Status.UNKNOWN
    assert fake_twilio.received == []


def test_status_callbacks_only_move_forward(outbox):
    clock = Clock()
    queue(outbox, clock)
    claimed = outbox.claim(clock.now)
    outbox.finish(claimed.key, Status.SENT, clock.now, provider_id="SMabc")
    assert outbox.record_status("SMabc", Status.DELIVERED, None, clock.now)
    assert not outbox.record_status("SMabc", Status.SENT, None, clock.now)  # late, out of order
    assert not outbox.record_status("SMunknown", Status.DELIVERED, None, clock.now)
    assert outbox.messages()[0].status is Status.DELIVERED


def test_whatsapp_goes_from_the_whatsapp_number_whole(outbox, fake_twilio):
    clock = Clock()
    long_arabic = "مرحبا بكم في بيت العائلة " * 60  # ~1,500 characters: 23 UCS-2 segments as SMS
    queue(outbox, clock, long_arabic, to="whatsapp:" + RESIDENT)
    make_worker(outbox, fake_twilio, clock).drain()
    [request] = fake_twilio.delivered()
    assert request["form"]["From"] == "whatsapp:+4759440000"
    assert request["form"]["Body"] == long_arabic
    assert outbox.messages()[0].recipient_id == number_id(RESIDENT)  # one number, one opt-out, one cap


def test_forget_deletes_waiting_messages_and_masks_the_history(outbox):
    clock = Clock()
    queue(outbox, clock, "sent")
    claimed = outbox.claim(clock.now)
    outbox.finish(claimed.key, Status.SENT, clock.now, provider_id="SM1")
    queue(outbox, clock, "waiting")
    queue(outbox, clock, "for someone else", to="+4790000001")
    assert outbox.forget(number_id(RESIDENT), clock.now) == 1
    mine = outbox.messages(recipient_id=number_id(RESIDENT))
    assert [m.status for m in mine] == [Status.SENT, Status.DELETED]
    assert all(m.recipient != RESIDENT and m.body == "" for m in mine)
    assert outbox.messages(recipient_id=number_id("+4790000001"))[0].body == "for someone else"


def test_the_number_behind_a_conversation_and_the_inbox(outbox):
    outbox.remember("sms-abc", RESIDENT)
    assert outbox.address_of("sms-abc") == RESIDENT and outbox.address_of("sms-other") is None
    outbox.receive(InboundMessage("SM1", "sms-abc", RESIDENT, "hei", 1.0))
    outbox.receive(InboundMessage("SM2", "sms-abc", RESIDENT, "igjen", 2.0))
    assert [m.sid for m in outbox.waiting()] == ["SM1", "SM2"]
    outbox.done("SM1")
    assert [m.body for m in outbox.waiting()] == ["igjen"]
    outbox.forget_conversation("sms-abc")
    assert outbox.address_of("sms-abc") is None
