"""The service catalog: the editors' file is valid, and mistakes are explained."""

from pathlib import Path

import pytest
import yaml

from bot.catalog import TOPIC_INTENTS, CatalogError, load_catalog
from bot.catalog.loader import DEFAULT_PATH, parse_catalog
from bot.catalog.schema import Status

CATALOG = load_catalog()


def test_the_catalog_has_every_required_service():
    required = {
        "apen_barnehage", "barnehageplass", "kjernetid_og_redusert_betaling", "soknadshjelp",
        "helsestasjon", "apen_helsestasjon", "familiesenter", "oslohjelpa", "fagsenter", "ppt",
        "barnevern", "familievernkontoret", "nav_sosialhjelp", "familiekoordinator",
        "barnekoordinator", "tolk", "sprakkurs", "datakurs", "fritidsaktiviteter",
        "fritidsklubber", "ferietilbud", "foreldrekurs",
    }
    assert required <= set(CATALOG.services)


@pytest.mark.parametrize("intent", TOPIC_INTENTS)
def test_every_topic_has_a_service(intent):
    assert CATALOG.for_topic(intent)


def test_overrides_exist_for_alna_bjerke_and_nordre_aker():
    for bydel in ("alna", "bjerke", "nordre_aker"):
        assert any(bydel in service.bydel for service in CATALOG.services.values()), bydel


def test_pilots_and_ideas_are_never_presented_as_certain():
    uncertain = [s for s in CATALOG.services.values() if s.status != Status.established]
    assert uncertain, "the seeds call several offers ideas or pilots"
    for service in uncertain:
        assert CATALOG.card(service.id).status_note, service.id
    assert CATALOG.card("helsestasjon").status_note is None


def test_a_bydel_override_replaces_only_its_fields():
    service = next(s for s in CATALOG.services.values() if "alna" in s.bydel)
    override = service.bydel["alna"].dict(exclude_none=True)
    card = CATALOG.card(service.id, "alna")
    oslo = CATALOG.card(service.id, None)
    for field, text in card.texts.items():
        assert text == override.get(field, oslo.texts[field])
    assert CATALOG.card(service.id, "ullern").texts == oslo.texts


def test_recommendations_follow_ages_and_situation():
    expecting = [s.id for s in CATALOG.recommend([], ["expecting"])]
    assert "helsestasjon" in expecting
    money = [s.id for s in CATALOG.recommend([4, 9], ["money_worries"])]
    assert "nav_sosialhjelp" in money
    small_children = [s.id for s in CATALOG.recommend([1, 3], ["none"])]
    assert "apen_barnehage" in small_children
    assert len(CATALOG.recommend([1, 3], ["none"], limit=5)) <= 5


def _broken(change) -> str:
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    change(raw)
    return yaml.safe_dump(raw, allow_unicode=True)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda raw: raw["services"][0].pop("how"),
         ["service 'apen_barnehage' (entry 1)", "field 'how'", "field required"]),
        (lambda raw: raw["services"][1].update(status="maybe"), ["entry 2", "field 'status'"]),
        (lambda raw: raw["services"][0].update(topics=["ask_weather"]),
         ["field 'topics.0'", "unknown topic intent 'ask_weather'"]),
        (lambda raw: raw["services"][0].update(summary="x" * 80), ["field 'summary'", "80 characters"]),
        (lambda raw: raw["services"][0].update(bydel={"atlantis": {"where": "x"}}),
         ["field 'bydel'", "unknown bydel atlantis"]),
        (lambda raw: raw["services"][0].update(colour="blue"), ["field 'colour'", "extra fields not permitted"]),
        (lambda raw: raw["services"].append(dict(raw["services"][0])), ["service id 'apen_barnehage' is used twice"]),
        (lambda raw: raw["status_notes"].pop("idea"), ["status_notes", "idea"]),
    ],
)
def test_mistakes_name_file_entry_and_field(change, expected):
    with pytest.raises(CatalogError) as error:
        parse_catalog(_broken(change), Path("content/services.yml"))
    message = str(error.value)
    assert message.startswith("content/services.yml")
    for part in expected:
        assert part in message


def test_not_yaml_at_all():
    with pytest.raises(CatalogError, match="not valid YAML"):
        parse_catalog("services: [\n", Path("content/services.yml"))


def test_edits_are_picked_up_without_restart(tmp_path):
    path = tmp_path / "services.yml"
    path.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_catalog(path).get("tolk")
    path.write_text(_broken(lambda raw: raw["services"].pop()), encoding="utf-8")
    import os
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert len(load_catalog(path).services) == len(CATALOG.services) - 1
