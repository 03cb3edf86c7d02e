"""Decide the conversation language after each resident message.

Precedence, strongest first:

1. An explicit request this turn (intent ``change_language`` naming a language,
   or a language-menu button that carries a ``language`` entity).
2. A language the channel sends in the message metadata (a web page's
   language picker).
3. The detector: on the first message any guess is taken; after that only a
   *reliable* detection of another language switches, so "ok", "1" or "takk"
   never flip a Somali conversation into Norwegian.

Bokmål and nynorsk are one language to the detector; a conversation moves
between them only on marker words (see ``bot.nlu.detection``).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from bot.languages import SOURCE_LANGUAGE, normalize_language

CHANGE_LANGUAGE_INTENT = "change_language"
LANGUAGE_ENTITY = "language"
DETECTION_KEY = "language_detection"


def requested_language(parse_data: Mapping[str, Any]) -> Optional[str]:
    """The language the resident explicitly asked for in this message, if any."""
    intent = (parse_data.get("intent") or {}).get("name")
    for entity in parse_data.get("entities") or []:
        if entity.get("entity") == LANGUAGE_ENTITY:
            chosen = normalize_language(entity.get("value"))
            if chosen:
                return chosen
    if intent != CHANGE_LANGUAGE_INTENT:
        return None
    detection = parse_data.get(DETECTION_KEY) or {}
    return normalize_language(detection.get("requested_language"))


def choose_language(current: Optional[str], parse_data: Mapping[str, Any]) -> str:
    """The conversation language after the message described by ``parse_data``.

    Args:
        current: the ``language`` slot before this message (``None`` at first).
        parse_data: the parsed latest user message (intent, entities,
            metadata and our ``language_detection``).
    """
    current = normalize_language(current)

    explicit = requested_language(parse_data)
    if explicit:
        return explicit

    metadata = parse_data.get("metadata") or {}
    from_channel = normalize_language(metadata.get("language")) if isinstance(metadata, Mapping) else None
    if from_channel:
        return from_channel

    detection = parse_data.get(DETECTION_KEY) or {}
    detected = normalize_language(detection.get("language"))
    if current is None:
        return detected or SOURCE_LANGUAGE
    if not detected or detected == current or not detection.get("reliable"):
        return current
    if {current, detected} == {"nb", "nn"} and detection.get("method") != "markers":
        return current
    return detected
