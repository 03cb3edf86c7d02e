"""Sending SMS: the local outbox, and Twilio through the real SDK against a local fake API."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from bot.config import load_settings
from bot.sms.optout import OptOuts
from bot.sms.sender import OptOutAwareSender, OutboxSender, TwilioSender, build_sms_sender
from bot.stores.kv import InMemoryStore


class FakeTwilio(BaseHTTPRequestHandler):
    """Answers POST /2010-04-01/Accounts/<sid>/Messages.json like Twilio does."""

    received: list = []
    # (status, Twilio error code) to answer with instead of 201, e.g. (400, 21610).
    error: tuple = ()

    def do_POST(self):  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        FakeTwilio.received.append({
            "path": self.path,
            "form": {k: v[0] for k, v in parse_qs(body).items()},
            "auth": base64.b64decode(self.headers["Authorization"].split()[1]).decode(),
        })
        status = FakeTwilio.error[0] if FakeTwilio.error else 201
        if FakeTwilio.error:
            reply = json.dumps({"code": FakeTwilio.error[1], "message": "error", "status": status}).encode()
        else:
            reply = json.dumps({"sid": "SM" + "0" * 32, "status": "queued", "account_sid": "AC" + "1" * 32,
                                "to": "", "from": "", "body": ""}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def fake_twilio():
    FakeTwilio.received = []
    FakeTwilio.error = ()
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_twilio_sender_posts_through_the_sdk(fake_twilio):
    account = "AC" + "1" * 32  # test value, not a credential
    sender = TwilioSender(account, "test-token", "+4759440000", api_base_url=fake_twilio)
    sid = sender.send("+4791234567", "Påminnelse: «i morgen» kl. 17:30")
    assert sid == "SM" + "0" * 32
    [request] = FakeTwilio.received
    assert request["path"] == f"/2010-04-01/Accounts/{account}/Messages.json"
    assert request["form"] == {"To": "+4791234567", "From": "+4759440000", "Body": 'Påminnelse: "i morgen" kl. 17:30'}
    assert request["auth"] == f"{account}:test-token"


def test_outbox_gets_one_json_line_per_message(tmp_path):
    sender = OutboxSender(tmp_path / "outbox" / "sms.jsonl")
    first = sender.send("+4791234567", "Hei «du»")
    sender.send("+4790000000", "مرحبا")
    lines = [json.loads(line) for line in (tmp_path / "outbox" / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(m["id"], m["to"], m["body"]) for m in lines][0] == (first, "+4791234567", 'Hei "du"')
    assert lines[1]["body"] == "مرحبا"


def test_the_sender_follows_the_environment(tmp_path, fake_twilio):
    outbox = build_sms_sender(load_settings({"INNGANG_DATA_DIR": str(tmp_path)}))
    assert isinstance(outbox, OptOutAwareSender) and isinstance(outbox.inner, OutboxSender)
    settings = load_settings({
        "TWILIO_ACCOUNT_SID": "AC" + "2" * 32, "TWILIO_AUTH_TOKEN": "t", "TWILIO_FROM_NUMBER": "+4759440000",
        "TWILIO_API_BASE_URL": fake_twilio,
    })
    assert isinstance(build_sms_sender(settings).inner, TwilioSender)


def optouts() -> OptOuts:
    return OptOuts(InMemoryStore(), key="test-key")


def test_nothing_is_sent_to_a_number_that_said_stop(tmp_path):
    registry = optouts()
    sender = OptOutAwareSender(OutboxSender(tmp_path / "sms.jsonl"), registry)
    registry.opt_out("+47 912 34 567")
    assert sender.send("+4791234567", "Påminnelse") == ""
    assert not (tmp_path / "sms.jsonl").exists()
    registry.opt_in("+4791234567")
    assert sender.send("+4791234567", "Påminnelse") != ""


def test_twilio_21610_records_the_opt_out_and_stops_sending(fake_twilio):
    registry = optouts()
    account = "AC" + "1" * 32  # test value, not a credential
    sender = OptOutAwareSender(TwilioSender(account, "test-token", "+4759440000", api_base_url=fake_twilio), registry)
    FakeTwilio.error = (400, 21610)
    assert sender.send("+4791234567", "Påminnelse") == ""
    assert registry.is_opted_out("+4791234567")
    FakeTwilio.error = ()
    assert sender.send("+4791234567", "Påminnelse") == ""
    assert len(FakeTwilio.received) == 1  # the second one never left


def test_other_twilio_errors_are_not_opt_outs(fake_twilio):
    from twilio.base.exceptions import TwilioRestException

    registry = optouts()
    sender = OptOutAwareSender(TwilioSender("AC" + "1" * 32, "t", "+4759440000", api_base_url=fake_twilio), registry)
    FakeTwilio.error = (400, 21211)  # invalid number
    with pytest.raises(TwilioRestException):
        sender.send("+4791234567", "Påminnelse")
    assert not registry.is_opted_out("+4791234567")
