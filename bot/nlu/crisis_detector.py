"""Crisis detection in NLU: a component of its own beside the intent classifier.

Every message gets a ``crisis`` entry in its parse data with one of three
tiers (see bot/safety/): ``acute`` (the crisis lexicon or the crisis
classifier is sure enough), ``possible`` or ``none``. An acute message
becomes the intent ``urgent_help``, so the rules answer it with emergency
numbers in every state; the intent it replaced is kept, so the question that
was asked is still answered afterwards. A possible crisis keeps its intent;
the answering action leads with one calm line (actions/safety/).

The classifier is trained here on the NLU training data, and its thresholds
are chosen by cross-validation on that data (bot/safety/classifier.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.classifier import (
    Thresholds,
    build_classifier,
    choose_thresholds,
    crisis_probability,
    decide_tier,
    out_of_fold_probabilities,
)
from bot.safety.lexicon import is_bare_help_word, lexicon_hit
from bot.safety.normalize import normalize
from bot.safety.tiers import ACUTE, CRISIS_KEY, HELP_INTENT, URGENT_INTENT, crisis_parse_data, read_message

logger = logging.getLogger(__name__)

MODEL_FILE = "crisis_classifier.joblib"
THRESHOLDS_FILE = "thresholds.json"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class CrisisDetector(GraphComponent):
    """Marks every message acute, possible or none, and acute ones ``urgent_help``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # Share of the training crises (scored out of fold) that must be
            # acute: lexicon or classifier at or above the acute threshold.
            "acute_recall": 0.95,
            # Share that must be at least possible.
            "possible_recall": 0.98,
            "folds": 5,
            # Repetitions of the k-fold split, averaged (repeated cross-validation).
            "repeats": 3,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: Any = None,
        thresholds: Optional[Thresholds] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = classifier
        self.thresholds = thresholds

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisDetector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        intents = np.array([e.get(INTENT) for e in examples])
        labels = intents == URGENT_INTENT
        scores = out_of_fold_probabilities(texts, intents, int(self.config["folds"]), int(self.config["repeats"]))
        lexicon_acute = np.array([_lexicon_tier(text) == ACUTE for text in texts])
        self.thresholds = choose_thresholds(
            scores, labels, lexicon_acute,
            float(self.config["acute_recall"]), float(self.config["possible_recall"]),
        )
        self.classifier = build_classifier().fit([normalize(t) for t in texts], intents)
        logger.info("Crisis thresholds chosen by cross-validation: %s", self.thresholds.as_dict())
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.classifier, directory / MODEL_FILE)
            (directory / THRESHOLDS_FILE).write_text(json.dumps(self.thresholds.as_dict()), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "CrisisDetector":
        with model_storage.read_from(resource) as directory:
            classifier = joblib.load(directory / MODEL_FILE)
            thresholds = Thresholds(**json.loads((directory / THRESHOLDS_FILE).read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, classifier, thresholds)

    def process(self, messages: List[Message]) -> List[Message]:
        texts = [message.get(TEXT) or "" for message in messages]
        if self.thresholds is None:
            raise RuntimeError("The crisis detector was used before it was trained or loaded.")
        probabilities: List[float] = list(crisis_probability(self.classifier, texts)) if texts else []
        for message, text, probability in zip(messages, texts, probabilities, strict=True):
            lexicon = lexicon_hit(text)
            tier = decide_tier(float(probability), lexicon.tier if lexicon else None, self.thresholds)
            reading = read_message(
                tier, message.get(INTENT) or {}, message.get(INTENT_RANKING_KEY) or [],
                bare_help=lexicon is None and is_bare_help_word(text),
            )
            parse_data = crisis_parse_data(reading.tier, float(probability), lexicon, reading.replaced)
            message.set(CRISIS_KEY, parse_data, add_to_output=True)
            if reading.intent is not None:
                # The menu for a bare help word is a decision, not a guess.
                confidence = 1.0 if reading.intent == HELP_INTENT else float(probability)
                message.set(INTENT, {"name": reading.intent, "confidence": confidence}, add_to_output=True)
        return messages


def _lexicon_tier(text: str) -> Optional[str]:
    hit = lexicon_hit(text)
    return hit.tier if hit else None
