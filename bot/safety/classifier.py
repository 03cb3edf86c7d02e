"""The crisis classifier: crisis vs. not crisis, in all nine languages at once.

Trained on the NLU training data with character and word n-grams of the
normalised text, so romanised and misspelled writing shares features with
the proper spelling. It learns every intent (a linear SVM, one against the
rest) and scores a message by how far ``urgent_help`` beats the best other
intent: a crisis has to look more like a crisis than like, say, a question
about tantrums. Measured by cross-validation on the training data, that
contrast halves the false alarms on worried-but-not-acute messages compared
with a crisis-vs-rest classifier at the same recall.

Its two thresholds are chosen on the training data by k-fold
cross-validation (:func:`choose_thresholds`), never on an evaluation set:
each training example is scored by a model that did not see it, and the
thresholds are the highest that still catch the required share of the
crisis examples that the lexicon alone does not catch.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import List, Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from bot.safety.normalize import normalize
from bot.safety.tiers import ACUTE, NONE, POSSIBLE, URGENT_INTENT

# A probability on fewer words than this is no evidence: answers such as
# "1 og 3" or "ja" inside a form are not sentences.
MIN_WORDS_FOR_CLASSIFIER = 2
# Thresholds never go below this: under it every message would be a possible crisis.
MIN_THRESHOLD = 0.02
# Regularisation of the SVMs; 0.5 and 1.0 did equally well in cross-validation.
SVM_C = 0.5
# Turns the margin of urgent_help over the best other intent into (0, 1).
MARGIN_SCALE = 3.0


def build_classifier() -> Pipeline:
    """Character and word n-grams of the normalised text, a linear SVM per intent."""
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                  sublinear_tf=True, max_features=200_000)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1,
                                  sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
    ])
    # A fixed seed: the dual solver shuffles, and an unseeded model would differ
    # from one training to the next (and so would every benchmark number).
    return Pipeline([("features", features), ("model", LinearSVC(C=SVM_C, random_state=0))])


def counts_for_classifier(text: str) -> bool:
    """Enough words with letters: "1 and 3" is an answer of numbers, not a sentence."""
    words = [word for word in normalize(text).split() if any(char.isalpha() for char in word)]
    return len(words) >= MIN_WORDS_FOR_CLASSIFIER


def _crisis_margin(model: Pipeline, normalized: List[str]) -> np.ndarray:
    scores = model.decision_function(normalized)
    classes = list(model.classes_)
    if scores.ndim == 1:  # two intents only: one score, for the second class
        return scores if classes[1] == URGENT_INTENT else -scores
    crisis = classes.index(URGENT_INTENT)
    return scores[:, crisis] - np.delete(scores, crisis, axis=1).max(axis=1)


# Shorter known words ("z", "w", "i", "og") are everywhere and say nothing.
MIN_KNOWN_WORD_LETTERS = 3


def _known_words(model: Pipeline, normalized: List[str]) -> np.ndarray:
    """Whether each text has at least one real word the model was trained on."""
    vocabulary = dict(model.named_steps["features"].transformer_list)["words"].vocabulary_
    return np.array([
        any(len(word) >= MIN_KNOWN_WORD_LETTERS and word in vocabulary for word in text.split())
        for text in normalized
    ])


def crisis_probability(model: Pipeline, texts: Sequence[str]) -> np.ndarray:
    """A crisis score in (0, 1) per text; 0 for texts too short to count.

    A text with no known word ("1234 abcd", a name, gibberish) is no evidence
    either way: the SVMs' intercepts alone would decide it.
    """
    normalized = [normalize(text) for text in texts]
    margin = _crisis_margin(model, normalized)
    mask = np.array([counts_for_classifier(text) for text in texts]) & _known_words(model, normalized)
    return np.where(mask, 1.0 / (1.0 + np.exp(-MARGIN_SCALE * margin)), 0.0)


@dataclass(frozen=True)
class Thresholds:
    acute: float
    possible: float
    # What cross-validation on the training data measured with them (for the
    # benchmark report and the model's metadata).
    cv_acute_recall: float = 0.0
    cv_any_recall: float = 0.0
    cv_acute_false_alarms: float = 0.0
    cv_possible_false_alarms: float = 0.0

    def as_dict(self) -> dict:
        return {key: round(value, 4) for key, value in asdict(self).items()}


def out_of_fold_probabilities(texts: List[str], intents: np.ndarray, folds: int, repeats: int = 1) -> np.ndarray:
    """Each text's crisis score from models trained without it, averaged over
    ``repeats`` different splits: one split alone moves the chosen thresholds
    (and the share of crises they catch) by chance."""
    scores = np.zeros(len(texts))
    for seed in range(repeats):
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train_index, test_index in splitter.split(texts, intents):
            model = build_classifier().fit([normalize(texts[i]) for i in train_index], intents[train_index])
            scores[test_index] += crisis_probability(model, [texts[i] for i in test_index])
    return scores / repeats


def _highest_threshold(scores: np.ndarray, caught: np.ndarray, positives: np.ndarray, recall: float) -> float:
    """The highest t with recall(caught or score >= t) >= ``recall`` on the positives."""
    needed = int(np.ceil(recall * positives.sum()))
    already = int((caught & positives).sum())
    remaining = np.sort(scores[positives & ~caught])[::-1]
    missing = needed - already
    if missing <= 0 or remaining.size == 0:
        return 1.0
    return float(max(remaining[min(missing, remaining.size) - 1], MIN_THRESHOLD))


def choose_thresholds(
    scores: np.ndarray,
    labels: np.ndarray,
    lexicon_acute: np.ndarray,
    acute_recall: float,
    any_recall: float,
) -> Thresholds:
    positives = labels.astype(bool)
    acute = _highest_threshold(scores, lexicon_acute, positives, acute_recall)
    possible = min(acute, _highest_threshold(scores, lexicon_acute, positives, any_recall))
    negatives = ~positives
    flagged_acute = lexicon_acute | (scores >= acute)
    return Thresholds(
        acute=acute,
        possible=possible,
        cv_acute_recall=float(flagged_acute[positives].mean()),
        cv_any_recall=float((lexicon_acute | (scores >= possible))[positives].mean()),
        cv_acute_false_alarms=float(flagged_acute[negatives].mean()),
        cv_possible_false_alarms=float(((scores >= possible) & ~flagged_acute)[negatives].mean()),
    )


def decide_tier(probability: float, lexicon_tier: Optional[str], thresholds: Thresholds) -> str:
    """ "acute", "possible" or "none": the lexicon's word or the classifier's, whichever is stronger."""
    if lexicon_tier == ACUTE or probability >= thresholds.acute:
        return ACUTE
    if lexicon_tier == POSSIBLE or probability >= thresholds.possible:
        return POSSIBLE
    return NONE
