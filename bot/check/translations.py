"""Translations per language: every response, content text and web-page label.

All of them are in one gettext catalog per language (locales/). A text is
*missing* when its translation is empty, and *stale* when it is fuzzy: its
bokmål source changed since the translation was reviewed (``make
translations`` marks it so), and residents are served the last reviewed
translation until a translator confirms or fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Tuple

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot.check.findings import Finding, Severity
from bot.i18n.catalogs import DOMAIN, has_source_text
from bot.languages import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    texts: int
    translated: int
    stale: List[Message]
    missing: List[Message]


def po_path(locales: Path, language: str) -> Path:
    return locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def language_statuses(locales: Path) -> List[LanguageStatus]:
    statuses = []
    for language in SUPPORTED_LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = po_path(locales, language)
        if not path.exists():
            statuses.append(LanguageStatus(language, 0, 0, [], []))
            continue
        with path.open("rb") as handle:
            messages = [m for m in read_po(handle) if m.id and has_source_text(str(m.id))]
        stale = [m for m in messages if m.fuzzy]
        missing = [m for m in messages if not m.string and not m.fuzzy]
        statuses.append(LanguageStatus(language, len(messages), len(messages) - len(stale) - len(missing),
                                       stale, missing))
    return statuses


def where(message: Message) -> str:
    """The text's place in the source files (the extractor's comment), else its first words."""
    key = next((comment for comment in message.auto_comments), None)
    return key or str(message.id)[:50]


def check_translations(locales: Path) -> Tuple[List[LanguageStatus], List[Finding]]:
    statuses = language_statuses(locales)
    return statuses, list(_findings(statuses, locales))


def _findings(statuses: List[LanguageStatus], locales: Path) -> Iterator[Finding]:
    for status in statuses:
        path = po_path(locales, status.language)
        if status.texts == 0:
            yield Finding(Severity.ERROR, "translations", str(path), "the catalog is missing")
        for message in status.stale:
            yield Finding(Severity.WARNING, "translations", f"{status.language}: {where(message)}",
                          "stale: the bokmål text changed; residents get the last reviewed translation")
        for message in status.missing:
            yield Finding(Severity.WARNING, "translations", f"{status.language}: {where(message)}",
                          "missing: residents get bokmål")
