"""Cross-validation of the intent classifier on the training data only (data/nlu/).

Never reads bench/holdout/ or bench/safety/. It scores every training
example with a model that did not see it (k folds, stratified by intent)
and reports, for a linear SVM on the crisis classifier's features (tf-idf character and
word n-grams of the normalised text, bot/safety/classifier.py):

- the softmax temperature that makes its confidences calibrated (lowest
  out-of-fold log loss), since an SVM gives margins, not probabilities;
- out-of-fold macro-F1 without a fallback, and for each fallback threshold
  (an example answered with nlu_fallback counts as wrong), so the threshold
  in config.yml is chosen here and not on an evaluation set;
- per language, out-of-fold macro-F1 and the most common confusions: where
  new training examples help most, found without looking at evaluation data.

Usage: scripts/env.sh python bench/intent_cv.py [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.split_holdout import DATA, read_examples  # noqa: E402
from bot.safety.classifier import build_classifier  # noqa: E402
from bot.safety.normalize import normalize  # noqa: E402
from bot.safety.tiers import FALLBACK_INTENT as FALLBACK  # noqa: E402

CONFUSIONS_SHOWN = 12
THRESHOLDS = [0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]


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


def training_examples() -> tuple[List[str], np.ndarray, np.ndarray]:
    """Texts, intents and the language each example is filed under."""
    texts: List[str] = []
    intents: List[str] = []
    languages: List[str] = []
    for path in sorted(DATA.glob("*/*.yml")):
        for intent, lines in read_examples(path).items():
            texts.extend(lines)
            intents.extend([intent] * len(lines))
            languages.extend([path.parent.name] * len(lines))
    return texts, np.array(intents), np.array(languages)


def per_language(truth: np.ndarray, predicted: np.ndarray, languages: np.ndarray) -> Dict[str, Dict]:
    """Out-of-fold macro-F1 and the most common confusions, per language: where new examples help most."""
    report = {}
    for language in sorted(set(languages)):
        mask = languages == language
        pairs = Counter(zip(truth[mask], predicted[mask], strict=True))
        report[language] = {
            "macro_f1": round(float(f1_score(truth[mask], predicted[mask], labels=sorted(set(truth[mask])),
                                             average="macro", zero_division=0)), 4),
            "confusions": [f"{gold} -> {guess}: {count}" for (gold, guess), count in pairs.most_common()
                           if gold != guess][:CONFUSIONS_SHOWN],
        }
    return report


def macro_f1_with_fallback(truth: np.ndarray, classes: np.ndarray, probabilities: np.ndarray,
                           threshold: float) -> float:
    predicted = classes[probabilities.argmax(axis=1)].astype(object)
    predicted[probabilities.max(axis=1) < threshold] = FALLBACK
    return float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    texts, intents, languages = training_examples()
    started = time.perf_counter()
    scores, classes = out_of_fold_scores(texts, intents, args.folds)
    seconds = time.perf_counter() - started
    temperature = fit_temperature(scores, np.searchsorted(classes, intents))
    probabilities = softmax(scores / temperature)
    result = {
        "examples": len(texts),
        "folds": args.folds,
        "seconds": round(seconds, 1),
        "temperature": round(temperature, 4),
        "macro_f1_by_fallback_threshold": {
            str(t): round(macro_f1_with_fallback(intents, classes, probabilities, t), 4) for t in THRESHOLDS
        },
        "per_language_without_fallback": per_language(intents, classes[probabilities.argmax(axis=1)], languages),
        "fallback_share_by_threshold": {
            str(t): round(float((probabilities.max(axis=1) < t).mean()), 4) for t in THRESHOLDS
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
