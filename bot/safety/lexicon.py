"""The crisis lexicon (``lexicon.yml`` beside this file) and how it is matched.

The lexicon gives certainty where a statistical classifier is weakest: one-word
cries ("SOS", "ratunku", "ኣድሕኑኒ"), rare romanised spellings and short
messages. What counts as a cry is decided here, deliberately:

- a cry such as "SOS" or "ratunku" is acute wherever it appears;
- an imperative cry ("caawi", "допоможіть", "ሓግዙ") is acute when it is
  the whole message (with "please", "me", "now"), and a request in a
  longer one ("допоможіть з бланками");
- a word for help is acute only when it is shouted ("HJELP!!") or urgent
  ("help now", "madad karo jaldi") in a short message; calm and alone it is
  the menu or the SMS HELP keyword; "help me" alone, or "hjelp!" with one
  "!", is a possible crisis;
- any phrase of the ``acute`` groups is acute.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

from bot.safety.normalize import normalize
from bot.safety.tiers import ACUTE, POSSIBLE

LEXICON_FILE = Path(__file__).with_name("lexicon.yml")
# A help word counts as a cry only in a short message: in a long one,
# "help me now with this form" is a request, not a cry.
MAX_CRY_WORDS = 6
# A plea ("help me") is a possible crisis only when it is nearly all there is.
MAX_SHORT_CRY_WORDS = 3
# "HJELP!!": two exclamation marks in a row are shouting; so is a stretched
# word ("pomocyyy", "helppp") and a capitalised cry with "!" ("HELP!").
_SHOUT = re.compile(r"!\s*!|(\w)\1\1|\b[^\W\d_a-z]{3,}\b\s*!", re.UNICODE)


@dataclass(frozen=True)
class LexiconHit:
    """What the lexicon found: ``tier`` is "acute" or "possible"."""

    tier: str
    group: str


@dataclass(frozen=True)
class Lexicon:
    always_cries: Tuple[str, ...]
    short_cries: Tuple[str, ...]
    pleas: Tuple[str, ...]
    fillers: Tuple[str, ...]
    help_words: Tuple[str, ...]
    urgency_words: Tuple[str, ...]
    acute: Dict[str, Tuple[str, ...]]


def _entries(values) -> Tuple[str, ...]:
    # normalize() pads with spaces; an entry matches from a word start, and
    # to a word end only when it was written with a trailing space.
    return tuple(sorted({normalize(v).rstrip() + (" " if v.endswith(" ") else "") for v in values}))


@functools.lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(
        always_cries=_entries(data["always_cries"]),
        short_cries=_entries(data["short_cries"]),
        pleas=_entries(data["pleas"]),
        fillers=_entries(data["fillers"]),
        help_words=_entries(data["help_words"]),
        urgency_words=_entries(data["urgency_words"]),
        acute={group: _entries(values) for group, values in data["acute"].items()},
    )


def _contains(normalized: str, entries: Tuple[str, ...]) -> bool:
    return any(entry in normalized for entry in entries)


def _only_cries(normalized: str, lexicon: Lexicon) -> bool:
    """True when the message is a cry and nothing else ("caawi!", "допоможіть")."""
    if not _contains(normalized, lexicon.short_cries):
        return False
    rest = normalized
    for entry in lexicon.short_cries + lexicon.urgency_words + lexicon.fillers:
        word = entry.rstrip() + " "
        # Entries start with a space, and two cries in a row share one:
        # "помогите помогите" needs the replacement twice.
        while word in rest:
            rest = rest.replace(word, " ")
    return not rest.strip()


def _cry_tier(text: str, normalized: str, lexicon: Lexicon) -> Optional[str]:
    if _contains(normalized, lexicon.always_cries):
        return ACUTE
    words = len(normalized.split())
    short = words <= MAX_SHORT_CRY_WORDS
    if _only_cries(normalized, lexicon):
        return ACUTE
    if not _contains(normalized, lexicon.help_words + lexicon.pleas):
        return None
    if words <= MAX_CRY_WORDS and (_SHOUT.search(text) or _contains(normalized, lexicon.urgency_words)):
        return ACUTE
    if short and ("!" in text or _contains(normalized, lexicon.pleas)):
        return POSSIBLE
    return None


def is_bare_help_word(text: str, lexicon: Optional[Lexicon] = None) -> bool:
    """"hjelp", "help", "pomoc", "madad?": a calm help word and nothing else.

    Decided here, not by the classifier: it is the menu (and by SMS the HELP
    keyword), never a crisis. Shouted or urgent, the lexicon reads it as a cry."""
    lexicon = lexicon or load_lexicon()
    normalized = normalize(text)
    if "!" in text or _contains(normalized, lexicon.pleas):  # "help me" alone is a plea
        return False
    return any(normalized.strip() == word.strip() for word in lexicon.help_words)


def lexicon_hit(text: str, lexicon: Optional[Lexicon] = None) -> Optional[LexiconHit]:
    """The strongest crisis signal of the lexicon in ``text``, if any."""
    lexicon = lexicon or load_lexicon()
    normalized = normalize(text)
    for group, entries in lexicon.acute.items():
        if _contains(normalized, entries):
            return LexiconHit(ACUTE, group)
    tier = _cry_tier(text, normalized, lexicon)
    return LexiconHit(tier, "cry") if tier else None
