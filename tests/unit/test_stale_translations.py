"""A changed bokmål text: its translation turns stale (fuzzy) through the
normal gettext update, make check reports it, and residents keep getting
the last reviewed translation instead of bokmål."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.check.translations import check_translations
from bot.config import PROJECT_ROOT
from bot.i18n.catalogs import CatalogRegistry
from bot.i18n.compile import compile_language

SOURCE = "Greit, ingenting er slettet."
CHANGED = "Greit, ingenting er slettet nå."
NEW = "Dette er en helt ny tekst om åpningstider på lørdager."


def test_a_changed_text_keeps_its_reviewed_translation_until_a_translator_looks(tmp_path):
    with (PROJECT_ROOT / "locales" / "pl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        polish = read_po(handle, locale="pl")
    reviewed = polish[SOURCE].string
    assert reviewed and not polish[SOURCE].fuzzy
    # What `make translations` does: a new template in which the text changed.
    template = Catalog(locale=None)
    for message in polish:
        if message.id and message.id != SOURCE:
            template.add(message.id, auto_comments=message.auto_comments)
    template.add(CHANGED)
    template.add(NEW)
    polish.update(template)
    directory = tmp_path / "locales" / "pl" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    with (directory / "messages.po").open("wb") as handle:
        write_po(handle, polish, width=0, include_previous=True)

    assert polish[CHANGED].fuzzy and polish[CHANGED].previous_id
    translated, stale = compile_language(tmp_path / "locales", "pl")
    assert stale == 1 and translated > 300
    registry = CatalogRegistry(tmp_path / "locales")
    assert registry.translate(CHANGED, "pl") == reviewed
    assert registry.translate(NEW, "pl") == NEW  # never translated: bokmål, and counted missing
    statuses, findings = check_translations(tmp_path / "locales")
    [status] = [s for s in statuses if s.language == "pl"]
    assert [str(m.id) for m in status.stale] == [CHANGED]
    assert [str(m.id) for m in status.missing] == [NEW]
