"""Safety first in NLU: a message that may be a crisis is treated as one.

Runs after the intent classifier and the FallbackClassifier. If
``urgent_help`` is not the top intent but the classifier still gives it a
real chance, or the message has a strong crisis word, the intent becomes
``urgent_help``. Showing emergency numbers to someone who did not need them
costs little; missing someone who did is what we must avoid (the benchmark
measures urgent_help recall for this reason).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.detection import tokenize
from bot.nlu.lexicon import CRISIS_WORDS

URGENT_INTENT = "urgent_help"
MIN_WORDS_FOR_PROBABILITY = 2


def crisis_word_in(text: str) -> bool:
    joined = " " + " ".join(tokenize(text)) + " "
    return any(word in joined for word in CRISIS_WORDS)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SafetyNet(GraphComponent):
    """Promotes ``urgent_help`` when it is a plausible reading of a message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # urgent_help wins if it has at least this share of the probability.
        return {"threshold": 0.15}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = float(config.get("threshold", 0.15))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNet":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") == URGENT_INTENT:
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            urgent = next((r for r in ranking if r.get("name") == URGENT_INTENT), None)
            text = message.get(TEXT) or ""
            # A share of the probability is evidence only for real sentences:
            # answers such as "1 og 3" spread it thinly over every intent.
            plausible = (
                urgent is not None
                and urgent.get("confidence", 0.0) >= self.threshold
                and len(tokenize(text)) >= MIN_WORDS_FOR_PROBABILITY
            )
            if plausible or crisis_word_in(text):
                confidence = urgent.get("confidence", 0.0) if urgent else 0.0
                message.set(INTENT, {"name": URGENT_INTENT, "confidence": confidence}, add_to_output=True)
                message.set("safety_net", {"replaced": intent.get("name")}, add_to_output=True)
        return messages
