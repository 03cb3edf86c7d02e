"""A measured fix in Rasa's hot path, installed by the REST channel at start.

Rasa 3.6 checks every answer of the action server with ``jsonschema.validate``
(``RemoteAction._validate_action_result``). That function re-checks the
schema itself and builds a new validator on every call: 27 ms per action
call on the benchmark machine, against 2 ms for the same validation with a
validator built once. A turn calls the action server one to three times,
and the profile (bench/profile_turn.py) showed this validation as the
largest single share of a turn. The replacement validates against the same
schema and raises the same error with the same explanation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction

_ORIGINAL = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _response_validator().validate(result)
    except ValidationError:
        # Rasa's own function gives the error its explanation for operators.
        return bool(_ORIGINAL(self, result))
    return True


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
