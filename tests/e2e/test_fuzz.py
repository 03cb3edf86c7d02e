"""Property-based fuzzing of every endpoint we expose: a 4xx or an answer, never a 500.

Hypothesis sends malformed, empty, binary and wrongly typed input to the REST
channel, the SMS webhook and its status callback (signed and unsigned), and
the chat page's routes, against the real servers. Examples are derandomised
so that CI is repeatable; a failure prints the smallest input that breaks.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from tests.e2e.conftest import TEST_TWILIO_AUTH_TOKEN

pytestmark = pytest.mark.e2e

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
validator = RequestValidator(TEST_TWILIO_AUTH_TOKEN)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
# Text with what phones and attackers send: controls, bidi overrides, emoji, other scripts.
texts = st.text(st.characters(codec="utf-8"), max_size=1800)
rest_bodies = st.one_of(
    st.binary(max_size=2000),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries(
        {},
        optional={
            "sender": st.one_of(st.text(max_size=140), json_values),
            "message": st.one_of(texts, json_values),
            "metadata": st.one_of(st.dictionaries(st.text(max_size=10), json_values, max_size=3), json_values),
        },
    ).map(lambda body: json.dumps(body).encode()),
)
twilio_params = st.dictionaries(
    st.sampled_from(["From", "To", "Body", "MessageSid", "NumMedia", "MessageStatus", "ErrorCode", "SmsStatus"]),
    st.one_of(texts, st.sampled_from(["+4790000001", "whatsapp:+4790000002", "delivered", "failed", "30003"])),
    max_size=6,
)
segments = st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=60)


def never_a_server_error(answer: requests.Response) -> None:
    assert answer.status_code < 500, (answer.status_code, answer.text[:300])


CONTENT_TYPES = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"])


@FUZZ
@given(body=rest_bodies, content_type=CONTENT_TYPES)
def test_the_rest_channel(assistant, body, content_type):
    answer = requests.post(f"{assistant.url}/webhooks/rest/webhook", data=body,
                           headers={"Content-Type": content_type}, timeout=60)
    never_a_server_error(answer)
    if answer.status_code == 200:
        assert isinstance(answer.json(), list)


@FUZZ
@given(params=twilio_params, path=st.sampled_from(["/webhooks/sms/webhook", "/webhooks/sms/status"]),
       signed=st.booleans())
def test_the_sms_webhook_and_status_callback(assistant, params, path, signed):
    url = f"{assistant.url}{path}"
    headers = {"X-Twilio-Signature": validator.compute_signature(url, params)} if signed else {}
    answer = requests.post(url, data=params, headers=headers, timeout=60)
    never_a_server_error(answer)
    if not signed:
        assert answer.status_code == 403


@FUZZ
@given(body=st.binary(max_size=3000), path=st.sampled_from(["/webhooks/sms/webhook", "/webhooks/sms/status"]))
def test_binary_bodies_to_the_sms_routes(assistant, body, path):
    answer = requests.post(f"{assistant.url}{path}", data=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=60)
    never_a_server_error(answer)


@FUZZ
@given(route=st.sampled_from(["labels", "history", "static", "fonts"]), segment=segments)
def test_the_chat_page_routes(assistant, route, segment):
    answer = requests.get(f"{assistant.url}/chat/{route}/{quote(segment, safe='')}", timeout=60)
    never_a_server_error(answer)


@pytest.mark.parametrize("path", ["/", "/chat/", "/webhooks/rest/", "/webhooks/sms/"])
def test_health_and_page_answer(assistant, path):
    assert requests.get(f"{assistant.url}{path}", timeout=30).status_code == 200
