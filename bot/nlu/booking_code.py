"""A message with a booking code is about cancelling it.

Confirmations tell residents to answer «avbestill K7HM3X» in their own
language ("jooji K7HM3X", "anuluj K7HM3X"); the classifier has not seen every
such command word, but the code itself is unmistakable.
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

CANCEL_INTENT = "cancel_booking"
KEEP_INTENTS = frozenset({"urgent_help", "list_bookings", CANCEL_INTENT})


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class BookingCodeIntent(GraphComponent):
    """Sets ``cancel_booking`` for a message that carries a booking code."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "BookingCodeIntent":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if intent not in KEEP_INTENTS and find_booking_code(message.get(TEXT) or ""):
                message.set(INTENT, {"name": CANCEL_INTENT, "confidence": 1.0}, add_to_output=True)
        return messages
