"""Detect which of our languages a resident's message is written in.

Order of evidence, strongest first:

1. Unicode script. Ethiopic letters mean Tigrinya, Cyrillic means Ukrainian,
   Arabic script means Arabic or Urdu (Urdu-only letters decide; otherwise a
   statistical model restricted to the two).
2. Word markers for what statistical models get wrong: Roman Urdu, and nynorsk
   versus bokmål (nynorsk only on clear nynorsk words).
3. ``lingua`` restricted to our Latin-script languages.

Norwegian service words ("barnehage", "NAV", "tolk") are removed first: they
appear inside every language and say nothing about the resident's language.

A :class:`Detection` is *reliable* only when there is enough text to justify
switching an established conversation language; short replies such as "ok",
"1" or "takk" give at most a first guess.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from bot.languages import SOURCE_LANGUAGE
from bot.nlu import lexicon
from bot.nlu.language_id import NORWEGIAN, language_scores

# Below these amounts of text a statistical guess is not trusted enough to
# override the language the conversation already has.
MIN_RELIABLE_WORDS = 2
MIN_RELIABLE_LETTERS = 8
# Script-based detection needs fewer letters: Ethiopic or Cyrillic text is
# unambiguous even in one word.
MIN_RELIABLE_SCRIPT_LETTERS = 3
# lingua confidences are relative among our candidate languages.
RELIABLE_CONFIDENCE_TWO_WORDS = 0.80
RELIABLE_CONFIDENCE = 0.60
GUESS_CONFIDENCE = 0.45

LATIN_CANDIDATES = (NORWEGIAN, "en", "pl", "so", "ur", "ar", "ti", "uk")

# Letters used in Urdu but not in Arabic: ٹ ڈ ڑ ں ے ۓ ہ ھ ی ک. Not چ گ پ ژ:
# Iraqi, Gulf and Egyptian Arabic write them too ("يحچي", "گلب"), so they are
# left to the statistical model.
URDU_ONLY_LETTERS = frozenset("\u0679\u0688\u0691\u06ba\u06d2\u06d3\u06c1\u06be\u06cc\u06a9")

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
# A Latin word with a digit between letters, as Arabizi writes ع ح خ ق ء.
_ARABIZI_WORD = re.compile(r"[a-z]+[23579][a-z0-9]*|[23579][a-z]+", re.IGNORECASE)


@dataclass(frozen=True)
class Detection:
    """The detector's answer for one message."""

    language: Optional[str]
    """Best guess, or ``None`` when the message has no letters to go on."""
    confidence: float
    reliable: bool
    """True when strong enough to switch an established conversation language."""
    method: str
    """Which evidence decided: script, markers, greeting, statistical or none."""
    requested_language: Optional[str] = None
    """A language the message names ("can we speak English")."""

    def as_dict(self) -> Dict[str, object]:
        return {
            "language": self.language,
            "confidence": round(self.confidence, 3),
            "reliable": self.reliable,
            "method": self.method,
            "requested_language": self.requested_language,
        }


def _script_of(char: str) -> Optional[str]:
    code = ord(char)
    if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
        return "ethiopic"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if char.isalpha() and (code < 0x0250 or 0x1E00 <= code <= 0x1EFF):
        return "latin"
    return None


def tokenize(text: str) -> List[str]:
    """Lower-cased word tokens (letters only; digits and punctuation dropped)."""
    return [token.lower() for token in _TOKEN.findall(unicodedata.normalize("NFC", text))]


def _is_service_word(token: str) -> bool:
    if token in lexicon.SERVICE_WORDS_EXACT:
        return True
    return len(token) >= 4 and token.startswith(lexicon.SERVICE_WORD_STEMS)


_ALL_LANGUAGE_NAMES = tuple(
    name for names in lexicon.LANGUAGE_NAMES.values() for name in names if " " not in name
)


def _is_language_name(token: str) -> bool:
    return len(token) >= 4 and token.startswith(_ALL_LANGUAGE_NAMES)


def find_requested_language(tokens: List[str]) -> Optional[str]:
    """The language a message names, if any (nynorsk wins over "norsk")."""
    text = " ".join(tokens)
    best: Tuple[int, Optional[str]] = (0, None)
    for code, names in lexicon.LANGUAGE_NAMES.items():
        for name in names:
            # Latin and Cyrillic names start a word ("engelsk", "po polsku");
            # Arabic and Ge'ez attach prepositions in front ("بالعربية", "ብትግርኛ").
            prefix = r"(?:^|\s)" if name[0].isascii() or _script_of(name[0]) == "cyrillic" else ""
            if len(name) > best[0] and re.search(prefix + re.escape(name), text):
                best = (len(name), code)
    return best[1]


def content_tokens(tokens: List[str]) -> List[str]:
    """The tokens that tell a language: service words and language names
    ("barnehage", "bokmål please") say nothing about the resident's own."""
    return [t for t in tokens if not _is_service_word(t) and not _is_language_name(t)] or tokens


def content_text(text: str) -> str:
    """What the language identifier is trained on and asked about."""
    return " ".join(content_tokens(tokenize(text)))


class LanguageDetector:
    """Detects the language of a message. Thread-safe; builds lingua lazily.

    With a trained ``identifier`` (bot/nlu/language_id.py, trained on our own
    examples by the NLU component) that model makes the statistical guess;
    without one (unit tests, tools without a trained model) lingua does.
    """

    def __init__(self, identifier: Any = None) -> None:
        self.identifier = identifier
        self._latin = None
        self._arabic_script = None
        self._lock = threading.Lock()

    def _models(self):
        # lingua loads its n-gram models on first use; building it at import
        # time would slow down every process that merely imports this module.
        with self._lock:
            if self._latin is None:
                from lingua import Language, LanguageDetectorBuilder

                self._latin = LanguageDetectorBuilder.from_languages(
                    Language.BOKMAL, Language.NYNORSK, Language.ENGLISH,
                    Language.POLISH, Language.SOMALI,
                ).build()
                self._arabic_script = LanguageDetectorBuilder.from_languages(
                    Language.ARABIC, Language.URDU
                ).build()
        return self._latin, self._arabic_script

    def detect(self, text: str) -> Detection:
        text = text or ""
        tokens = tokenize(text)
        requested = find_requested_language(tokens)
        if tokens and all(_is_service_word(token) for token in tokens):
            return self._service_words_only(requested)
        content = content_tokens(tokens)
        arabizi = _arabizi_evidence(text, content)
        if arabizi:
            detection = arabizi
        else:
            detection = self._detect_tokens(content)
        return Detection(
            detection.language, detection.confidence, detection.reliable,
            detection.method, requested,
        )

    @staticmethod
    def _service_words_only(requested: Optional[str]) -> Detection:
        """"åpen barnehage", "NAV sosialhjelp": Norwegian words that residents of
        every language write. As a first message it is read as Norwegian; it
        never switches a conversation that already has a language."""
        return Detection(SOURCE_LANGUAGE, 0.5, False, "service_words", requested)

    def _detect_tokens(self, tokens: List[str]) -> Detection:
        letters = [c for token in tokens for c in token]
        if not letters:
            return Detection(None, 0.0, False, "none")

        scripts: Dict[str, int] = {}
        for char in letters:
            script = _script_of(char)
            if script:
                scripts[script] = scripts.get(script, 0) + 1
        if not scripts:
            return Detection(None, 0.0, False, "none")
        # A non-Latin script decides even when Latin words dominate: the Latin
        # words in "ring meg በጃኹም" are borrowed, the Ge'ez ones are not.
        non_latin = {k: v for k, v in scripts.items() if k != "latin"}
        candidates = non_latin if sum(non_latin.values()) >= MIN_RELIABLE_SCRIPT_LETTERS else scripts
        script, count = max(candidates.items(), key=lambda item: item[1])
        script_reliable = count >= MIN_RELIABLE_SCRIPT_LETTERS

        if script == "ethiopic":
            return Detection("ti", 1.0, script_reliable, "script")
        if script == "cyrillic":
            return Detection("uk", 1.0, script_reliable, "script")
        if script == "arabic":
            return self._arabic_or_urdu(tokens, letters, script_reliable)
        return self._latin_language(tokens, letters)

    def _arabic_or_urdu(self, tokens: List[str], letters: List[str], reliable: bool) -> Detection:
        if any(char in URDU_ONLY_LETTERS for char in letters):
            return Detection("ur", 1.0, reliable, "script")
        if self.identifier is not None:
            scores = language_scores(self.identifier, " ".join(tokens), ("ar", "ur"))
            urdu = scores.get("ur", 0.0) >= RELIABLE_CONFIDENCE and len(tokens) >= 2
            return Detection("ur" if urdu else "ar", max(scores.values()), reliable, "statistical")
        _, arabic_script = self._models()
        values = arabic_script.compute_language_confidence_values(" ".join(tokens))
        top = values[0] if values else None
        # One Arabic-script word without Urdu letters is too little to call Urdu.
        if (
            top is not None and len(tokens) >= 2
            and top.language.name == "URDU" and top.value >= RELIABLE_CONFIDENCE
        ):
            return Detection("ur", top.value, reliable, "statistical")
        # Without Urdu-only letters, Arabic is by far the likelier reading.
        return Detection("ar", max(top.value if top else 0.0, 0.9), reliable, "script")

    def _latin_language(self, tokens: List[str], letters: List[str]) -> Detection:
        phrase = " ".join(tokens)
        enough_text = len(tokens) >= MIN_RELIABLE_WORDS and len(letters) >= MIN_RELIABLE_LETTERS

        urdu_markers = [t for t in tokens if t in lexicon.ROMAN_URDU_MARKERS]
        if any(t in lexicon.ROMAN_URDU_STRONG for t in urdu_markers) and (
            len(urdu_markers) >= 2 or len(tokens) == 1
        ):
            return Detection("ur", 0.9, enough_text and len(urdu_markers) >= 2, "markers")

        greeting = lexicon.SHORT_GREETINGS.get(phrase)
        if greeting:
            return Detection(greeting, 0.6, False, "greeting")

        marked = _marker_language(tokens)
        if marked:
            return Detection(marked, 0.8, enough_text and len(tokens) >= 3, "markers")

        scores = self._latin_scores(phrase)
        language, confidence = max(scores.items(), key=lambda item: item[1])
        method = "statistical"
        if language == NORWEGIAN:
            language, has_markers = norwegian_variant(tokens)
            # "markers" tells the caller that bokmål or nynorsk was chosen on
            # word evidence, which is what may move a conversation between them.
            method = "markers" if has_markers else method

        if len(tokens) >= 3:
            reliable = enough_text and confidence >= RELIABLE_CONFIDENCE
        else:
            reliable = enough_text and confidence >= RELIABLE_CONFIDENCE_TWO_WORDS
        if not reliable and confidence < GUESS_CONFIDENCE:
            return Detection(None, confidence, False, method)
        return Detection(language, confidence, reliable, method)


    def _latin_scores(self, phrase: str) -> Dict[str, float]:
        if self.identifier is not None:
            # Every language of ours is written in Latin letters by someone.
            return language_scores(self.identifier, phrase, LATIN_CANDIDATES)
        latin, _ = self._models()
        scores: Dict[str, float] = {}
        for value in latin.compute_language_confidence_values(phrase):
            code = {
                "BOKMAL": NORWEGIAN, "NYNORSK": NORWEGIAN, "ENGLISH": "en",
                "POLISH": "pl", "SOMALI": "so",
            }[value.language.name]
            scores[code] = scores.get(code, 0.0) + value.value
        return scores


def _marker_language(tokens: List[str]) -> Optional[str]:
    """A Latin-script language clearly marked by its frequent words, if any.

    Norwegian is left to the statistical model (it knows it well); English and
    Somali short messages are where it fails ("see ya", "ma rabo").
    """
    counts = {
        code: sum(1 for token in tokens if token in words)
        for code, words in lexicon.LATIN_MARKERS.items()
    }
    norwegian = sum(1 for t in tokens if t in lexicon.BOKMAL_MARKERS or t in lexicon.NYNORSK_MARKERS)
    code, best = max(counts.items(), key=lambda item: item[1])
    others = max([value for key, value in counts.items() if key != code] + [norwegian])
    if best >= 2 and best > 2 * others:
        return code
    if best == 1 and others == 0 and len(tokens) <= 2:
        return code
    return None


def _arabizi_evidence(text: str, tokens: List[str]) -> Optional[Detection]:
    """Arabic written in Latin letters, which no statistical model here knows."""
    digit_words = len(_ARABIZI_WORD.findall(text))
    markers = sum(1 for token in tokens if token in lexicon.ARABIZI_MARKERS)
    if digit_words + markers >= 2 and (digit_words or markers >= 2):
        reliable = len(tokens) >= MIN_RELIABLE_WORDS and digit_words + markers >= 2
        return Detection("ar", 0.9, reliable, "markers")
    return None


def norwegian_variant(tokens: List[str]) -> Tuple[str, bool]:
    """``nn`` only on clear nynorsk evidence, otherwise ``nb``.

    Returns the variant and whether marker words supported it.
    """
    nynorsk = sum(1 for t in tokens if t in lexicon.NYNORSK_MARKERS)
    bokmal = sum(1 for t in tokens if t in lexicon.BOKMAL_MARKERS)
    if nynorsk > bokmal:
        return "nn", True
    return "nb", bokmal > nynorsk


_shared_detector: Optional[LanguageDetector] = None


def get_detector() -> LanguageDetector:
    """The process-wide detector (lingua models are large; build them once)."""
    global _shared_detector
    if _shared_detector is None:
        _shared_detector = LanguageDetector()
    return _shared_detector
