"""The intent classifier: a linear SVM on character and word n-grams.

It replaces Rasa's LogisticRegressionClassifier on count vectors. By 5-fold
cross-validation on the training data (bench/intent_cv.py) it classifies
better and trains several times faster. It uses the same features as the
crisis classifier (bot/safety/classifier.py): tf-idf character and word
n-grams of the normalised text, so "zaginela" and "zaginęła" look alike.

An SVM gives margins, not probabilities, and the fallback and the
vocabulary guard need confidences that mean what they say. The component
turns the margins into probabilities with a softmax whose temperature is
fitted, when it trains, on out-of-fold margins of the training data (the
lowest log loss): a confidence of 0.3 is then right about 30% of the time.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence, Text, Tuple

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.optimize import minimize_scalar
from sklearn.model_selection import StratifiedKFold

from bot.safety.classifier import build_classifier
from bot.safety.normalize import normalize

MODEL_FILE = "intent_svm.joblib"
TEMPERATURE_FILE = "temperature.json"
# Rasa's own classifiers report the ten best intents.
RANKING_LENGTH = 10


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def out_of_fold_scores(texts: Sequence[str], intents: np.ndarray, folds: int,
                       seed: int = 0) -> Tuple[np.ndarray, np.ndarray]:
    """Every text's margins per intent from a model that did not see it, and the intents' order."""
    classes = np.unique(intents)
    scores = np.zeros((len(texts), len(classes)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_index, test_index in splitter.split(texts, intents):
        model = build_classifier().fit([normalize(texts[i]) for i in train_index], intents[train_index])
        columns = np.searchsorted(classes, model.classes_)
        scores[np.ix_(test_index, columns)] = model.decision_function([normalize(texts[i]) for i in test_index])
        # An intent missing from this fold's training part can never win.
        missing = np.setdiff1d(np.arange(len(classes)), columns)
        scores[np.ix_(test_index, missing)] = -np.inf
    return scores, classes


def fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The softmax temperature with the lowest log loss of the true intents."""
    finite = np.where(np.isfinite(scores), scores, -1e9)

    def log_loss(log_temperature: float) -> float:
        probabilities = softmax(finite / np.exp(log_temperature))
        return float(-np.log(np.clip(probabilities[np.arange(len(truth)), truth], 1e-12, 1.0)).mean())

    best = minimize_scalar(log_loss, bounds=(np.log(0.01), np.log(10.0)), method="bounded")
    return float(np.exp(best.x))


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True
)
class SvmIntentClassifier(GraphComponent):
    """Intents with calibrated confidences, from a linear SVM on n-grams."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Folds for fitting the temperature on out-of-fold margins.
        return {"calibration_folds": 5}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Any = None,
        temperature: float = 1.0,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model
        self.temperature = temperature

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SvmIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        texts = [e.get(TEXT) for e in examples]
        intents = np.array([e.get(INTENT) for e in examples])
        scores, classes = out_of_fold_scores(texts, intents, int(self.config["calibration_folds"]))
        self.temperature = fit_temperature(scores, np.searchsorted(classes, intents))
        self.model = build_classifier().fit([normalize(t) for t in texts], intents)
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)
            (directory / TEMPERATURE_FILE).write_text(json.dumps({"temperature": self.temperature}), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SvmIntentClassifier":
        with model_storage.read_from(resource) as directory:
            model = joblib.load(directory / MODEL_FILE)
            temperature = json.loads((directory / TEMPERATURE_FILE).read_text(encoding="utf-8"))["temperature"]
        return cls(config, model_storage, resource, model, float(temperature))

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            raise RuntimeError("The intent classifier was used before it was trained or loaded.")
        texts = [message.get(TEXT) for message in messages]
        to_classify = [i for i, text in enumerate(texts) if text]
        if not to_classify:
            return messages
        scores = np.atleast_2d(self.model.decision_function([normalize(texts[i]) for i in to_classify]))
        probabilities = softmax(scores / self.temperature)
        for row, index in enumerate(to_classify):
            self._set_intents(messages[index], probabilities[row])
        return messages

    def _set_intents(self, message: Message, probabilities: np.ndarray) -> None:
        order = np.argsort(probabilities)[::-1][:RANKING_LENGTH]
        ranking = [{"name": str(self.model.classes_[i]), "confidence": float(probabilities[i])} for i in order]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
