"""Training examples per intent and language (data/nlu/<lang>/*.yml).

Editors add examples there; this check says where there are too few, where
an example is written twice, where the same text teaches two intents (an
error: the model cannot learn both), and which examples the project's own
language detector reads, with confidence, as another language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import yaml

from bot.check.findings import Finding, Severity
from bot.nlu.detection import get_detector
from bot.safety.normalize import normalize

# Fewer examples than this per intent and language, and residents who write
# that way are often not understood.
MIN_EXAMPLES = 10
# Bokmål and nynorsk share most words; the detector is not asked to part them.
SAME_LANGUAGE = {"nn": "nb"}


@dataclass(frozen=True)
class Example:
    language: str
    intent: str
    text: str
    path: Path


def domain_intents(domain: Path) -> List[str]:
    intents: List[str] = []
    for path in sorted(domain.glob("*.yml")):
        intents.extend(str(i) for i in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or [])
    return intents


def read_examples(data: Path) -> List[Example]:
    examples = []
    for path in sorted(data.glob("*/*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    examples.append(Example(path.parent.name, block["intent"], text, path))
    return examples


def counts(examples: List[Example]) -> Dict[Tuple[str, str], int]:
    """(intent, language) -> number of examples."""
    return dict(Counter((e.intent, e.language) for e in examples))


def check_training(data: Path, intents: List[str], languages: List[str]) -> Iterator[Finding]:
    examples = read_examples(data)
    per_intent = counts(examples)
    for intent in intents:
        for language in languages:
            found = per_intent.get((intent, language), 0)
            if found < MIN_EXAMPLES:
                yield Finding(Severity.WARNING, "training", f"{language}: {intent}",
                              f"{found} examples (at least {MIN_EXAMPLES} wanted)")
    yield from _duplicates(examples)
    yield from _wrong_language(examples)


def _duplicates(examples: List[Example]) -> Iterator[Finding]:
    """The same text twice in one language is a slip; in several languages
    ("hi", "ok") it is how residents write. Under two intents it is an error anywhere."""
    by_text: Dict[str, List[Example]] = defaultdict(list)
    for example in examples:
        by_text[normalize(example.text)].append(example)
    for same in by_text.values():
        intents: Set[str] = {e.intent for e in same}
        first = same[0]
        if len(intents) > 1:
            yield Finding(Severity.ERROR, "training", f"{first.path}: {first.text!r}",
                          f"the same text is an example of {', '.join(sorted(intents))}: keep it under one")
            continue
        per_language = Counter(e.language for e in same)
        for language, times in sorted(per_language.items()):
            if times > 1:
                yield Finding(Severity.WARNING, "training", f"{language}: {first.text!r}",
                              f"written {times} times under {first.intent}")


def _wrong_language(examples: List[Example]) -> Iterator[Finding]:
    detector = get_detector()
    for example in examples:
        detection = detector.detect(example.text)
        seen = SAME_LANGUAGE.get(detection.language or "", detection.language)
        filed = SAME_LANGUAGE.get(example.language, example.language)
        if detection.reliable and seen and seen != filed:
            yield Finding(Severity.WARNING, "training", f"{example.path}: {example.text!r}",
                          f"reads as {detection.language}, filed under {example.language}")
