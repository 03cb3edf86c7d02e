"""make publish decides between text only and training by what the model learns from."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.publish.__main__ import needs_training
from bot.publish.fingerprint import FINGERPRINT_FILE, training_fingerprint


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for part in ("domain", "data", "bot/nlu", "bot/safety"):
        shutil.copytree(PROJECT_ROOT / part, root / part)
    shutil.copy(PROJECT_ROOT / "config.yml", root / "config.yml")
    return root


def test_a_changed_response_text_needs_no_training_and_a_new_example_does(tmp_path):
    root = project_copy(tmp_path)
    models = tmp_path / "models"
    models.mkdir()
    (models / "model.tar.gz").write_bytes(b"")
    (models / FINGERPRINT_FILE).write_text(training_fingerprint(root))
    assert not needs_training(root, models)

    greeting = root / "domain" / "basics.yml"
    greeting.write_text(greeting.read_text(encoding="utf-8").replace("Hei! Jeg er Inngang", "Hallo! Jeg er Inngang"),
                        encoding="utf-8")
    assert not needs_training(root, models)

    examples = root / "data" / "nlu" / "nb" / "basics.yml"
    block = "- intent: greet\n  examples: |\n"
    examples.write_text(examples.read_text(encoding="utf-8").replace(block, block + "    - heisann hoppsann\n"),
                        encoding="utf-8")
    assert needs_training(root, models)


def test_without_a_model_or_fingerprint_it_trains(tmp_path):
    root = project_copy(tmp_path)
    assert needs_training(root, tmp_path / "no-models")
