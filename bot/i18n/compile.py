"""Compile the translation catalogs (.po -> .mo), stale ones included.

When a bokmål source text changes, ``make translations`` (``pybabel
update``) keeps its translation but marks it fuzzy (the old source is kept
as ``#| msgid`` for the translator). Plain ``pybabel compile`` leaves fuzzy
entries out, and residents would get bokmål, a language they may not read,
until a translator has looked. Here a fuzzy entry with a translation is
compiled: residents keep getting the last reviewed translation, and ``make
check`` lists it as stale until a translator confirms or fixes it (in
Poedit: "needs work" off). An entry without a translation is left out.

Usage: python -m bot.i18n.compile [locales_dir]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Tuple

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.catalogs import DOMAIN
from bot.languages import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES


def servable(catalog: Catalog) -> Tuple[int, int]:
    """Un-fuzz the stale entries in memory; returns (translated, stale) counts."""
    translated = stale = 0
    for message in list(catalog)[1:]:
        if not message.string:
            continue
        if message.fuzzy:
            message.flags.discard("fuzzy")
            stale += 1
        elif not message.fuzzy:
            translated += 1
    return translated, stale


def compile_language(locales: Path, language: str) -> Tuple[int, int]:
    directory = locales / language / "LC_MESSAGES"
    with (directory / f"{DOMAIN}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    counts = servable(catalog)
    with (directory / f"{DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    return counts


def compile_all(locales: Path, languages: Iterable[str] = SUPPORTED_LANGUAGES) -> None:
    for language in languages:
        if language == SOURCE_LANGUAGE or not (locales / language / "LC_MESSAGES" / f"{DOMAIN}.po").exists():
            continue
        translated, stale = compile_language(locales, language)
        print(f"  {language}: {translated} translated, {stale} stale (served until reviewed)")


if __name__ == "__main__":
    compile_all(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("locales"))
