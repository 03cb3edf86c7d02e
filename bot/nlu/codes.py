"""A message with a code is about what the code names.

- A booking code (6 characters, «avbestill K7HM3X», «jooji K7HM3X»): cancel
  that booking (``cancel_booking``).
- A handoff case code (4 characters, «kiiskayga K7M3», «моя справа K7M3»):
  where that case stands (``case_status``); withdrawing it keeps its intent.

Confirmations tell residents to write the code with a command word in their
own language; the classifier has not seen every such word, but the code is
unmistakable.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.booking.answers import find_booking_code
from bot.handoff.models import find_case_code

CANCEL_INTENT = "cancel_booking"
STATUS_INTENT = "case_status"
# Intents a code does not override (a crisis, or what the resident already said).
KEEP_INTENTS = frozenset({"urgent_help", "list_bookings", CANCEL_INTENT, STATUS_INTENT, "withdraw_case"})


def intent_for_code(text: str) -> str | None:
    if find_booking_code(text):
        return CANCEL_INTENT
    if find_case_code(text):
        return STATUS_INTENT
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class CodeIntent(GraphComponent):
    """Sets ``cancel_booking`` or ``case_status`` for a message that carries a code."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CodeIntent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            coded = None if intent in KEEP_INTENTS else intent_for_code(message.get(TEXT) or "")
            if coded:
                message.set(INTENT, {"name": coded, "confidence": 1.0}, add_to_output=True)
        return messages
