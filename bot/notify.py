"""Render a domain response outside a conversation turn (SMS notifications).

Confirmations and reminders are sent by the action server or the reminder
scheduler, which have no Rasa NLG; they render the same domain responses
with the same catalogs, preferring the ``channel: sms`` variation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

import yaml

from bot.config import PROJECT_ROOT
from bot.languages import SOURCE_LANGUAGE, normalize_language
from bot.nlg import default_catalogs, render_response


@lru_cache(maxsize=1)
def domain_responses() -> Dict[str, List[Dict[str, Any]]]:
    responses: Dict[str, List[Dict[str, Any]]] = {}
    for path in sorted((PROJECT_ROOT / "domain").glob("*.yml")):
        responses.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return responses


def render_text(response: str, language: str, **values: Any) -> str:
    variations = domain_responses()[response]
    chosen = next((v for v in variations if v.get("channel") == "sms"), None) or next(
        v for v in variations if not v.get("channel")
    )
    language = normalize_language(language) or SOURCE_LANGUAGE
    return render_response(chosen, language, values, default_catalogs(), key=response).get("text") or ""
