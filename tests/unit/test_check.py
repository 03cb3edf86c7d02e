"""make check (bot/check/): each check finds what it should, names where, and
errors fail the command while warnings do not."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

from bot.check.content import check_content, check_phone_numbers_in_texts
from bot.check.findings import Severity, errors
from bot.check.keywords import check_keywords
from bot.check.training import check_training
from bot.check.translations import check_translations
from bot.config import PROJECT_ROOT

CONTENT = PROJECT_ROOT / "content"
NOW = datetime(2026, 12, 3, 12, 0)


def content_copy(tmp_path: Path) -> dict:
    files = {}
    for name in ("services", "events", "contacts"):
        files[name] = tmp_path / f"{name}.yml"
        files[name].write_text((CONTENT / f"{name}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return files


def test_the_shipped_content_has_no_errors():
    assert errors(check_content(NOW)) == []


def test_a_broken_service_names_the_file_the_entry_and_the_field(tmp_path):
    files = content_copy(tmp_path)
    raw = yaml.safe_load(files["services"].read_text(encoding="utf-8"))
    del raw["services"][1]["summary"]
    files["services"].write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    [error] = errors(check_content(NOW, files))
    assert str(files["services"]) in error.where
    assert raw["services"][1]["id"] in error.where and "summary" in error.where


def test_make_check_fails_on_a_broken_service_and_passes_on_the_shipped_one(tmp_path):
    files = content_copy(tmp_path)
    command = [sys.executable, "-m", "bot.check"]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "INNGANG_SERVICES_FILE": str(files["services"])}
    assert subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    files["services"].write_text(files["services"].read_text(encoding="utf-8").replace("summary:", "sumary:", 1),
                                 encoding="utf-8")
    failed = subprocess.run(command, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "services.yml" in failed.stdout and "sumary" in failed.stdout


def test_a_phone_number_with_a_digit_too_many_is_an_error(tmp_path):
    path = tmp_path / "services.yml"
    path.write_text('contact: "Ring 21 80 21 80"\nother: "Ring 21 80 21 800"\nprice: "kr 3 500 i 2026"\n',
                    encoding="utf-8")
    [finding] = check_phone_numbers_in_texts(path)
    assert finding.severity is Severity.ERROR and "line 2" in finding.where


def test_past_evenings_are_warnings(tmp_path):
    findings = check_content(datetime(2030, 1, 1), content_copy(tmp_path))
    past = [f for f in findings if f.area == "events"]
    assert past and all(f.severity is Severity.WARNING for f in past)


def test_stale_and_missing_translations_are_reported_per_language(tmp_path):
    locales = tmp_path / "locales"
    source = PROJECT_ROOT / "locales" / "pl" / "LC_MESSAGES" / "messages.po"
    target = locales / "pl" / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    with source.open("rb") as handle:
        catalog = read_po(handle)
    messages = [m for m in catalog if m.id and m.string]
    messages[0].flags.add("fuzzy")
    messages[1].string = ""
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0)
    statuses, findings = check_translations(locales)
    polish = next(s for s in statuses if s.language == "pl")
    assert (len(polish.stale), len(polish.missing)) == (1, 1)
    assert {f.severity for f in findings if f.where.startswith("pl:")} == {Severity.WARNING}
    # The other languages have no catalog in this directory: that is an error.
    assert any(f.severity is Severity.ERROR and "/nn/" in f.where for f in findings)


def write_nlu(data: Path, language: str, blocks: dict) -> None:
    (data / language).mkdir(parents=True, exist_ok=True)
    body = ['version: "3.1"', "nlu:"]
    for intent, lines in blocks.items():
        body += [f"- intent: {intent}", "  examples: |", *[f"    - {line}" for line in lines]]
    (data / language / "basics.yml").write_text("\n".join(body) + "\n", encoding="utf-8")


def test_training_examples_too_few_twice_or_under_two_intents(tmp_path):
    data = tmp_path / "nlu"
    write_nlu(data, "nb", {"greet": ["hei", "hallo", "hei"], "goodbye": ["ha det", "hallo"]})
    findings = list(check_training(data, ["greet", "goodbye", "thank"], ["nb"]))
    [error] = errors(findings)
    assert "'hallo'" in error.where and "goodbye" in error.problem and "greet" in error.problem
    problems = [f.problem for f in findings]
    assert any("written 2 times" in p for p in problems)
    assert sum("examples (at least" in p for p in problems) == 3


def test_an_example_in_another_language_is_a_warning(tmp_path):
    data = tmp_path / "nlu"
    write_nlu(data, "so", {"greet": ["Dzień dobry, chciałabym zapytać o przedszkole dla mojej córki"]})
    [finding] = [f for f in check_training(data, [], ["so"]) if "reads as" in f.problem]
    assert finding.severity is Severity.WARNING and "pl" in finding.problem


def test_a_keyword_no_one_understands_is_an_error(tmp_path):
    domain = tmp_path / "domain"
    domain.mkdir()
    (domain / "x.yml").write_text(
        'responses:\n  utter_a:\n    - text: "Skriv «ansatt» eller «flibbertigibbet». Svar JA."\n'
        '  utter_ask_b:\n    - text: "Skriv «ingen» om ingen."\n', encoding="utf-8")
    [error] = check_keywords(domain, PROJECT_ROOT / "data" / "nlu")
    assert "flibbertigibbet" in error.problem and "utter_a" in error.where
