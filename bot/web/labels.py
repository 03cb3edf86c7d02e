"""The chat page's and the posters' own texts, in the resident's language.

The bokmål source texts live in ``web/labels.yml`` (extracted into the same
gettext catalogs as every response, see babel.cfg), so editors and
translators handle them like any other text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

from bot.config import PROJECT_ROOT
from bot.languages import ENDONYMS, RIGHT_TO_LEFT, SOURCE_LANGUAGE, SUPPORTED_LANGUAGES, normalize_language
from bot.nlg import default_catalogs

LABELS_FILE = PROJECT_ROOT / "web" / "labels.yml"


@lru_cache(maxsize=1)
def labels_file(path: Path = LABELS_FILE) -> Dict[str, Any]:
    """The whole of web/labels.yml, read once."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def source_labels() -> Dict[str, str]:
    """Label key -> bokmål source text."""
    return {key: entry["text"] for key, entry in (labels_file().get("labels") or {}).items()}


def translated_labels(language: str) -> Dict[str, str]:
    catalogs = default_catalogs()
    return {key: catalogs.translate(text, language, f"web.{key}") for key, text in source_labels().items()}


def page_labels(requested: str) -> Dict[str, object]:
    """Everything the page needs to speak ``requested`` (bokmål when unknown)."""
    language = normalize_language(requested) or SOURCE_LANGUAGE
    return {
        "language": language,
        "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "labels": translated_labels(language),
        # Each language in its own name and script, for the picker.
        "languages": [{"code": code, "name": ENDONYMS[code]} for code in SUPPORTED_LANGUAGES],
    }
