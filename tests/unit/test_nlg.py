"""The localized NLG: every language renders, slots fill, dates format, nb fallback."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config import PROJECT_ROOT
from bot.handoff.staff import STAFF_RESPONSE_PREFIX
from bot.i18n.catalogs import CatalogRegistry
from bot.languages import SOURCE_LANGUAGE, SUPPORTED_LANGUAGES
from bot.nlg import LocalizedNLG

TRANSLATED = [lang for lang in SUPPORTED_LANGUAGES if lang != SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(PROJECT_ROOT / "domain"))


@pytest.fixture(scope="module")
def project_catalogs(tmp_path_factory) -> CatalogRegistry:
    """The project's .po catalogs compiled into a temporary locales dir."""
    root = tmp_path_factory.mktemp("locales")
    for lang in TRANSLATED:
        po = PROJECT_ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        target = root / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        with (target / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return CatalogRegistry(root)


def write_catalog(root: Path, lang: str, entries: dict) -> Path:
    catalog = Catalog(locale=lang)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    target = root / lang / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    path = target / "messages.mo"
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    return path


TEST_RESPONSES = {
    "utter_event": [{"text": "Søknadskvelden er {start:date} kl. {start:time}. Du har {seats:number} plasser."}],
    "utter_named": [{"text": "Hei {first_name}!", "buttons": [{"title": "Ja", "payload": "/affirm"}]}],
    "utter_untranslated": [{"text": "Denne teksten er ikke oversatt."}],
}


@pytest.fixture
def test_nlg(tmp_path) -> LocalizedNLG:
    write_catalog(tmp_path, "en", {
        "Søknadskvelden er {start:date} kl. {start:time}. Du har {seats:number} plasser.":
            "The application evening is on {start:date} at {start:time}. You have {seats:number} seats.",
        "Hei {first_name}!": "Hello {first_name}!",
        "Ja": "Yes",
    })
    write_catalog(tmp_path, "ar", {"Hei {first_name}!": "مرحبا {first_name}!"})
    domain = Domain.from_dict({"responses": TEST_RESPONSES})
    return LocalizedNLG(domain=domain, catalogs=CatalogRegistry(tmp_path))


def render(nlg: LocalizedNLG, key: str, language: str, **values):
    return nlg.generate_localized(key, {"language": language}, "rest", **values)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_renders_every_response_translated(domain, project_catalogs, language):
    nlg = LocalizedNLG(domain=domain, catalogs=project_catalogs)
    for key in domain.responses:
        if key.startswith(STAFF_RESPONSE_PREFIX):
            continue  # staff work in Norwegian
        source = nlg.generate_localized(key, {"language": "nb"}, "rest")
        rendered = nlg.generate_localized(key, {"language": language}, "rest")
        assert rendered["metadata"]["language"] == language
        assert bool(rendered.get("text")) == bool(source.get("text")), key
    # Nothing fell back to bokmål: every text has a translation in this language.
    assert not [k for k in project_catalogs.missing if k[0] == language], dict(project_catalogs.missing)


def test_language_menu_keeps_language_names_in_their_own_script(domain, project_catalogs):
    nlg = LocalizedNLG(domain=domain, catalogs=project_catalogs)
    menu = nlg.generate_localized("utter_ask_language", {"language": "so"}, "rest")
    titles = [button["title"] for button in menu["buttons"]]
    assert titles[2:] == ["English", "Polski", "Українська", "Soomaali", "العربية", "اردو", "ትግርኛ"]
    payloads = [button["payload"] for button in menu["buttons"]]
    assert payloads[0] == '/change_language{"language": "nb"}'


def test_slots_and_action_values_fill_placeholders(test_nlg):
    rendered = render(test_nlg, "utter_named", "en", first_name="Asli")
    assert rendered["text"] == "Hello Asli!"
    assert rendered["buttons"][0] == {"title": "Yes", "payload": "/affirm"}


def test_missing_value_renders_empty_not_none(test_nlg):
    assert render(test_nlg, "utter_named", "en")["text"] == "Hello !"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("nb", "tirsdag 10. februar 2026|10. feb. 2026|18:00|1 234,5"),
        ("nn", "tysdag 10. februar 2026|10. feb. 2026|18:00|1 234,5"),
        ("en", "Tuesday, February 10, 2026|Feb 10, 2026|6:00 PM|1,234.5"),
        ("pl", "wtorek, 10 lutego 2026|10 lut 2026|18:00|1 234,5"),
        ("uk", "вівторок, 10 лютого 2026 р.|10 лют. 2026 р.|18:00|1 234,5"),
        ("so", "Talaado, Febraayo 10, 2026|10-Feb-2026|6:00 GD|1,234.5"),
        ("ar", "الثلاثاء، 10 فبراير 2026|10\u200f/02\u200f/2026|6:00 م|1,234.5"),
        ("ur", "منگل، 10 فروری، 2026|10 فروری، 2026|6:00 PM|1,234.5"),
        ("ti", "ሰሉስ፣ 10 ለካቲት 2026|ለካ 10, 2026|6:00 ድ.ቀ.|1,234.5"),
    ],
)
def test_dates_times_and_numbers_follow_the_locale(language, expected):
    nlg = LocalizedNLG(
        domain=Domain.from_dict({"responses": {
            "utter_formats": [{"text": "{start:date}|{start:short_date}|{start:time}|{amount:number}"}],
        }}),
        catalogs=CatalogRegistry(Path("/nonexistent")),
    )
    start = datetime(2026, 2, 10, 18, 0).isoformat()
    text = nlg.generate_localized("utter_formats", {"language": language}, "rest", start=start, amount=1234.5)["text"]
    # CLDR uses narrow and non-breaking spaces; compare them as plain spaces.
    assert text.replace("\u202f", " ").replace("\xa0", " ") == expected


def test_bokmal_source_needs_no_catalog(test_nlg):
    rendered = render(test_nlg, "utter_event", "nb", start="2026-02-10T18:00:00", seats=3)
    assert rendered["text"] == "Søknadskvelden er tirsdag 10. februar 2026 kl. 18:00. Du har 3 plasser."


def test_missing_translation_falls_back_to_bokmal_and_is_counted(test_nlg):
    rendered = render(test_nlg, "utter_untranslated", "en")
    assert rendered["text"] == "Denne teksten er ikke oversatt."
    assert test_nlg.catalogs.missing[("en", "utter_untranslated")] == 1
    render(test_nlg, "utter_untranslated", "so")  # no Somali catalog at all
    assert test_nlg.catalogs.missing[("so", "utter_untranslated")] == 1


def test_right_to_left_text_passes_through_intact(test_nlg):
    rendered = render(test_nlg, "utter_named", "ar", first_name="Amina")
    assert rendered["text"] == "مرحبا Amina!"
    assert rendered["metadata"]["direction"] == "rtl"
    assert render(test_nlg, "utter_named", "en")["metadata"]["direction"] == "ltr"


def test_recompiled_catalog_is_picked_up_without_restart(tmp_path):
    path = write_catalog(tmp_path, "en", {"Hei {first_name}!": "Hello {first_name}!"})
    nlg = LocalizedNLG(domain=Domain.from_dict({"responses": TEST_RESPONSES}), catalogs=CatalogRegistry(tmp_path))
    assert render(nlg, "utter_named", "en", first_name="Jana")["text"] == "Hello Jana!"
    write_catalog(tmp_path, "en", {"Hei {first_name}!": "Hi there, {first_name}!"})
    stat = path.stat()
    import os
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))  # a later compile
    assert render(nlg, "utter_named", "en", first_name="Jana")["text"] == "Hi there, Jana!"


def test_generate_reads_the_language_slot_from_the_tracker(test_nlg):
    tracker = DialogueStateTracker.from_events(
        "resident", [SlotSet("language", "en")], slots=Domain.from_dict(
            {"slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}}}
        ).slots,
    )
    rendered = asyncio.run(test_nlg.generate("utter_named", tracker, "rest", first_name="Ida"))
    assert rendered["text"] == "Hello Ida!"


def test_unknown_response_gives_none(test_nlg):
    assert render(test_nlg, "utter_does_not_exist", "en") is None
