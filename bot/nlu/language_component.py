"""Rasa NLU graph component that annotates each message with its language.

The result goes into the parse data under ``language_detection`` (not into
entities: entities would enter the dialogue state and disturb the policies).
Whether the conversation language actually changes is decided later, with the
conversation's history at hand, by ``actions.language`` through
:func:`bot.language_choice.choose_language`.

At training time it fits a language identifier on the training examples of
``examples_dir`` (``<lang>/*.yml``: the folder tells the language), so the
statistical guess knows how our residents write (bot/nlu/language_id.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.detection import LanguageDetector, content_text
from bot.nlu.language_id import read_language_examples, train_identifier

LANGUAGE_DETECTION_KEY = "language_detection"
IDENTIFIER_FILE = "language_identifier.joblib"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True
)
class LanguageDetectionComponent(GraphComponent):
    """Adds ``language_detection`` to every parsed user message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"examples_dir": "data/nlu"}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        identifier: Optional[Any] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.detector = LanguageDetector(identifier)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageDetectionComponent":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        rows = read_language_examples(Path(self.config["examples_dir"]))
        identifier = train_identifier([content_text(text) for text, _ in rows], [lang for _, lang in rows])
        self.detector = LanguageDetector(identifier)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(identifier, directory / IDENTIFIER_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LanguageDetectionComponent":
        with model_storage.read_from(resource) as directory:
            identifier = joblib.load(directory / IDENTIFIER_FILE)
        return cls(config, model_storage, resource, identifier)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples need no language annotation: the classifiers are
        # shared by all languages.
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            detection = self.detector.detect(text)
            message.set(LANGUAGE_DETECTION_KEY, detection.as_dict(), add_to_output=True)
        return messages
