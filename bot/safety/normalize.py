"""One normal form for crisis matching, shared by the lexicon and the input.

Residents write without diacritics ("zaginela", "barnehagen"), with Arabic
letter variants (أ/إ/ا) and vowel marks, and with stretched letters
("helppp"). Both the lexicon entries and the message go through the same
function, so an entry written properly also finds the phone spelling.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic vowel marks and tatweel carry no meaning for matching.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ۃ": "ه", "ھ": "ه", "ہ": "ه", "ی": "ي", "ک": "ك",
})
# Latin letters without a decomposition into base + mark.
_LATIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ß": "ss"})
_NON_WORD = re.compile(r"[^\w']+", re.UNICODE)
# Letters only: "999" and "1000" are numbers, not shouting.
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)


def _strip_latin_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    # Only marks on Latin letters go: Ethiopic and Cyrillic keep theirs
    # (й is a letter of its own in Ukrainian).
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.category(char) == "Mn" and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def normalize(text: str) -> str:
    """Lower case, no Latin diacritics, one Arabic letter per family, single spaces.

    The result is padded with spaces so that `` word `` matches whole words.
    """
    lowered = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("ʼ", "'")
    lowered = lowered.translate(_LATIN_LETTERS).translate(_ARABIC_LETTERS)
    lowered = _ARABIC_MARKS.sub("", _strip_latin_marks(lowered))
    words = _NON_WORD.sub(" ", lowered)
    # No word of ours has a letter three times in a row: "helppp" is "help".
    return " " + _STRETCHED.sub(r"\1", words).strip() + " "
