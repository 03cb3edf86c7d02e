"""Words that texts tell residents to type must be understood.

A response that says "skriv «ansatt»" or "Svar JA" promises that the word
works. Each such keyword in the bokmål responses must be a channel keyword
(STOPP, START, SLETT, HJELP, MER), a yes or no, a word of the crisis
lexicon, or a training example of some intent, so the NLU knows it. Answers to a question (responses named
``utter_ask_*`` and ``utter_invalid_*``: "«1 og 4»", "«ingen»") are read by
the question's own rules and are not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import yaml

from bot.booking.answers import parse_yes_no
from bot.check.findings import Finding, Severity
from bot.check.training import read_examples
from bot.safety.lexicon import lexicon_hit
from bot.safety.normalize import normalize
from bot.sms.keywords import MORE_WORDS, keyword_of

_QUOTED = re.compile(r"«([^»]+)»")
_COMMAND = re.compile(r"\b(?:[Ss]kriv|[Ss]var)\s+([A-ZÆØÅ]{2,})\b")
ANSWER_PREFIXES = ("utter_ask_", "utter_invalid_")


def bokmal_responses(domain: Path) -> Iterator[Tuple[Path, str, str]]:
    """(file, response name, text) for every text response in domain/."""
    for path in sorted(domain.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variants in responses.items():
            for variant in variants or []:
                if isinstance(variant, dict) and variant.get("text"):
                    yield path, name, str(variant["text"])


def keywords_in(text: str) -> Set[str]:
    found = {match.strip() for match in _QUOTED.findall(text)} | set(_COMMAND.findall(text))
    # Answers with numbers, dashes or placeholders are form answers, not words to understand.
    return {word for word in found if not re.search(r"[\d{}\-]", word)}


def understood(keyword: str, examples: Set[str]) -> bool:
    """A channel keyword, a yes or no, the SMS paging word, a crisis word of
    the lexicon, or a bokmål training example."""
    return (keyword_of(keyword) is not None or parse_yes_no(keyword) is not None
            or keyword.lower() in MORE_WORDS or lexicon_hit(keyword) is not None
            or normalize(keyword) in examples)


def check_keywords(domain: Path, data: Path) -> Iterator[Finding]:
    examples = {normalize(example.text) for example in read_examples(data) if example.language == "nb"}
    told: Dict[str, List[str]] = {}
    for path, name, text in bokmal_responses(domain):
        if name.startswith(ANSWER_PREFIXES):
            continue
        for keyword in keywords_in(text):
            told.setdefault(keyword, []).append(f"{path.name}: {name}")
    for keyword, places in sorted(told.items()):
        if not understood(keyword, examples):
            yield Finding(Severity.ERROR, "keywords", ", ".join(places[:3]),
                          f"tells residents to write «{keyword}», but no bokmål training example, "
                          "crisis word or channel keyword is that text")
