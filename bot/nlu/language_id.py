"""A language identifier trained on our own training examples.

General-purpose models (lingua) know standard written languages, not the way
our residents write: Polish without diacritics, Somali mixed with Norwegian
service words, Roman Urdu, Arabizi, romanised Tigrinya. The training examples
of ``data/nlu/<lang>/`` are exactly that writing, filed by language, so a
character n-gram model trained on them knows it.

Bokmål and nynorsk are one class here: nynorsk is chosen only on clear
nynorsk words (bot/nlu/detection.norwegian_variant).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

NORWEGIAN = "no"


def identifier_label(language: str) -> str:
    return NORWEGIAN if language in ("nb", "nn") else language


def read_language_examples(directory: Path) -> List[Tuple[str, str]]:
    """(text, language) for every example in ``<directory>/<lang>/*.yml``."""
    rows: List[Tuple[str, str]] = []
    for path in sorted(directory.glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- ") and line[2:].strip():
                    rows.append((line[2:].strip(), path.parent.name))
    return rows


def build_identifier() -> Pipeline:
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True)),
        ("words", TfidfVectorizer(analyzer="word", sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
    ])
    return Pipeline([("features", features), ("model", LogisticRegression(C=20.0, max_iter=3000))])


def train_identifier(texts: Sequence[str], languages: Sequence[str]) -> Pipeline:
    """Fit on content text (see detection.content_tokens), nb and nn as one."""
    return build_identifier().fit(list(texts), [identifier_label(lang) for lang in languages])


def language_scores(identifier: Pipeline, text: str, candidates: Iterable[str]) -> Dict[str, float]:
    """Probabilities of ``candidates`` only, renormalised to sum to one."""
    probabilities = identifier.predict_proba([text])[0]
    wanted = set(candidates)
    scores = {label: float(p) for label, p in zip(identifier.classes_, probabilities, strict=False) if label in wanted}
    total = sum(scores.values()) or 1.0
    return {label: value / total for label, value in scores.items()}
