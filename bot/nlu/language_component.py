"""Rasa NLU graph component that annotates each message with its language.

The result goes into the parse data under ``language_detection`` (not into
entities: entities would enter the dialogue state and disturb the policies).
Whether the conversation language actually changes is decided later, with the
conversation's history at hand, by ``actions.language`` through
:func:`bot.language_choice.choose_language`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.detection import get_detector

LANGUAGE_DETECTION_KEY = "language_detection"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class LanguageDetectionComponent(GraphComponent):
    """Adds ``language_detection`` to every parsed user message."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetectionComponent":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples need no language annotation: the classifiers are
        # shared by all languages.
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        detector = get_detector()
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            detection = detector.detect(text)
            message.set(LANGUAGE_DETECTION_KEY, detection.as_dict(), add_to_output=True)
        return messages
