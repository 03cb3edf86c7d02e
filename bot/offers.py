"""Understand residents' answers to the guided "what can you offer me?" questions.

Answers come as a number from a numbered list or as free words in any of our
languages. The keyword lists below are *input* vocabulary for matching, not
text shown to residents.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from bot.nlu.detection import tokenize

MAX_CHILD_AGE = 18

SITUATION_OPTIONS = ("expecting", "new_in_bydel", "money_worries", "special_needs", "none")
BYDEL_OPTIONS = ("alna", "bjerke", "nordre_aker", "oslo")

_EXPECTING = (
    "gravid", "venter", "pregnant", "expecting", "ciąż", "ciaz", "вагітн", "uur",
    "uurka", "حامل", "حاملہ", "ጥንሲ", "ነፍሰ", "baby på vei",
)
_NEW = ("ny", "nye", "nytt", "new", "flyttet", "moved", "now", "nowi", "nowa", "нов",
        "переїха", "cusub", "ku cusub", "جديد", "جدد", "نئے", "نیا", "ሓዱሽ", "ሓደስቲ", "nyleg")
_MONEY = ("penger", "pengar", "money", "pieniąd", "pieniad", "pienię", "pienie", "грош", "lacag", "مال", "فلوس",
          "نقود", "پیسے", "پیسہ", "ገንዘብ", "økonomi", "råd", "strøm", "husleie", "rent")
_SPECIAL = ("ekstra", "spesial", "special", "needs", "hjelp til barnet", "szczeg", "особлив",
            "gaar", "baahi gaar", "خاص", "احتياجات", "خصوصی", "ፍሉይ", "adhd", "autis", "sinne")
_NONE = ("ingen", "ingenting", "none", "nothing", "nic", "żadn", "zadn", "жодн", "нічого",
         "midna", "ma jiro", "waxba", "لا شيء", "ولا", "کوئی نہیں", "ምንም", "nei")
_NO_CHILDREN = ("ingen", "none", "no children", "nie mam", "немає", "majiro", "ma jiro",
                "لا يوجد", "ما عندي", "نہیں", "የለን", "የብለይ")
_BABY = ("baby", "babyen", "spedbarn", "nyfødt", "newborn", "niemowl", "немовл",
         "ilmaha yar", "رضيع", "بيبي", "نومولود", "ہیبی", "ህጻን", "ቆልዓ")

_BYDEL_NAMES = {
    "alna": ("alna", "furuset", "lindeberg", "haugerud", "trosterud", "ellingsrud", "hellerud"),
    "bjerke": ("bjerke", "linderud", "veitvet", "økern", "okern", "årvoll", "arvoll", "risløkka"),
    "nordre_aker": ("nordre aker", "nordreaker", "nydalen", "kjelsås", "kjelsas", "tåsen", "tasen", "ullevål"),
}
_OTHER_BYDEL = ("frogner", "gamle oslo", "grorud", "grünerløkka", "grunerlokka", "nordstrand",
                "sagene", "st. hanshaugen", "st hanshaugen", "stovner", "søndre nordstrand",
                "ullern", "vestre aker", "østensjø", "ostensjo", "vet ikke", "annen", "other",
                "don't know", "dont know", "nie wiem", "не знаю", "ma garanayo", "لا أعرف",
                "نہیں معلوم", "ኣይፈልጥን")

_NUMBER = re.compile(r"\d+")


def _contains(text: str, words) -> bool:
    return any(word in text for word in words)


def choice_number(text: str, options: int) -> Optional[int]:
    """A bare list choice ("2", "2.", " 2 ") as a 0-based index, if in range."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[.)]?\s*", text or "")
    if not match:
        return None
    number = int(match.group(1))
    return number - 1 if 1 <= number <= options else None


def parse_children_ages(text: str) -> Tuple[Optional[List[int]], Optional[str]]:
    """Ages found in an answer, and a situation it reveals ("gravid").

    Returns ``(None, None)`` when the answer holds no usable age.
    """
    lowered = (text or "").lower()
    situation = "expecting" if _contains(lowered, _EXPECTING) else None
    ages = [int(n) for n in _NUMBER.findall(lowered) if int(n) <= MAX_CHILD_AGE]
    if _contains(lowered, _BABY):
        ages.append(0)
    if ages:
        return sorted(set(ages)), situation
    if situation or _contains(lowered, _NO_CHILDREN):
        return [], situation
    return None, None


def parse_situation(text: str) -> Optional[str]:
    number = choice_number(text, len(SITUATION_OPTIONS))
    if number is not None:
        return SITUATION_OPTIONS[number]
    lowered = " ".join(tokenize(text))
    for code, words in (
        ("expecting", _EXPECTING), ("money_worries", _MONEY),
        ("special_needs", _SPECIAL), ("new_in_bydel", _NEW), ("none", _NONE),
    ):
        if _contains(lowered, words):
            return code
    return None


def parse_bydel(text: str) -> Optional[str]:
    number = choice_number(text, len(BYDEL_OPTIONS))
    if number is not None:
        return BYDEL_OPTIONS[number]
    lowered = (text or "").lower()
    for code, names in _BYDEL_NAMES.items():
        if _contains(lowered, names):
            return code
    if _contains(lowered, _OTHER_BYDEL):
        return "oslo"
    return None
