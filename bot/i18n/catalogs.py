"""Compiled gettext catalogs, loaded per language and reloaded when recompiled.

Texts are looked up by their Norwegian bokmål source (the msgid). A text that
a catalog lacks, or has only as fuzzy or empty, falls back to bokmål and is
counted in :attr:`CatalogRegistry.missing`, so editors can see what still
needs translating.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from pathlib import Path
from typing import Dict, Optional, Tuple

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo

from bot.languages import SOURCE_LANGUAGE

logger = logging.getLogger(__name__)

DOMAIN = "messages"

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def has_source_text(text: str) -> bool:
    """Whether ``text`` has words to translate besides ``{placeholders}``."""
    return any(char.isalpha() for char in _PLACEHOLDER.sub("", text or ""))


class CatalogRegistry:
    """Gives the translation of a source text in a language."""

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = Path(locales_dir)
        self.missing: Counter[Tuple[str, str]] = Counter()
        self._loaded: Dict[str, Tuple[float, Dict[str, str]]] = {}
        self._lock = threading.Lock()

    def mo_path(self, language: str) -> Path:
        return self.locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"

    def _translations(self, language: str) -> Dict[str, str]:
        path = self.mo_path(language)
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return {}
        with self._lock:
            cached = self._loaded.get(language)
            if cached and cached[0] == mtime:
                return cached[1]
            # A new or recompiled catalog: editors' fixes show up without a
            # restart or retraining.
            with path.open("rb") as handle:
                catalog: Catalog = read_mo(handle)
            table = {
                str(message.id): str(message.string)
                for message in catalog
                if message.id and isinstance(message.id, str) and message.string
            }
            self._loaded[language] = (mtime, table)
            logger.debug("Loaded %d translations for %s", len(table), language)
            return table

    def translate(self, text: str, language: str, key: Optional[str] = None) -> str:
        """``text`` (bokmål source) in ``language``; the source when untranslated.

        Args:
            key: what the text belongs to (a response name), for the missing count.
        """
        if not text or language == SOURCE_LANGUAGE or not has_source_text(text):
            return text
        translated = self._translations(language).get(text)
        if translated:
            return translated
        self.missing[(language, key or text)] += 1
        logger.debug("No %s translation for %s; using bokmål", language, key or "a text")
        return text
