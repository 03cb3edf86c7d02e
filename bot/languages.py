"""The languages Inngang speaks, and facts about them that several modules need."""

from __future__ import annotations

from typing import Optional

SOURCE_LANGUAGE = "nb"
"""Norwegian bokmål: the language every response and content text is written in."""

SUPPORTED_LANGUAGES = ("nb", "nn", "en", "pl", "uk", "so", "ar", "ur", "ti")

RIGHT_TO_LEFT = frozenset({"ar", "ur"})


def normalize_language(value: object) -> Optional[str]:
    """Return a supported language code for ``value`` or ``None``.

    Accepts what channels and pages tend to send: ``"en-GB"``, ``"NB"``,
    ``"no"`` (ISO 639-1 for Norwegian in general, which we read as bokmål).
    """
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "no":
        code = "nb"
    return code if code in SUPPORTED_LANGUAGES else None


# Each language's name in itself. Shown as it is in every conversation (like
# the language menu in domain/language.yml), so it is not translated.
ENDONYMS = {
    "nb": "norsk (bokmål)", "nn": "norsk (nynorsk)", "en": "English", "pl": "polski",
    "uk": "українська", "so": "Soomaali", "ar": "العربية", "ur": "اردو", "ti": "ትግርኛ",
}
