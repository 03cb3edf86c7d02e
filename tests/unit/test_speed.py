"""The action server's answers are validated as strictly as Rasa does, faster (bot/channels/speed.py)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.channels import speed

VALID = {"events": [{"event": "slot", "name": "language", "value": "nb"}], "responses": [{"response": "utter_greet"}]}
INVALID = {"events": [{"event": "slot", "name": 5}], "responses": "not a list"}


@pytest.fixture
def action():
    original = RemoteAction._validate_action_result
    speed.install()
    yield RemoteAction("action_detect_language", EndpointConfig("http://localhost:5055/webhook"))
    RemoteAction._validate_action_result = original


def test_a_valid_answer_passes(action):
    assert action._validate_action_result(VALID) is True


def test_an_invalid_answer_fails_with_rasas_explanation(action):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)
