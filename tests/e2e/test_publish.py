"""make publish against a running assistant: a text-only change is served
without training; a new model is loaded without a restart."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.config import PROJECT_ROOT
from bot.publish.__main__ import MODELS, load_model, main, newest_model
from tests.e2e.conftest import Assistant, start_assistant

pytestmark = pytest.mark.e2e

OLD = "Hei! Jeg er Inngang"
NEW = "Hallo! Jeg er Inngang"


@pytest.fixture(scope="module")
def editable(tmp_path_factory) -> Iterator[Assistant]:
    """An assistant serving response texts from its own copy of domain/."""
    workdir = tmp_path_factory.mktemp("assistant-publish")
    shutil.copytree(PROJECT_ROOT / "domain", workdir / "domain")
    yield from start_assistant(workdir, extra_settings={"INNGANG_DOMAIN_DIR": str(workdir / "domain")})


def greeting(assistant: Assistant, sender: str) -> str:
    return " ".join(r.get("text") or "" for r in assistant.say(sender, "/greet", {"language": "nb"}))


def test_a_changed_text_is_served_after_publish_and_nothing_is_trained(editable, capsys):
    assert OLD in greeting(editable, "publish-1")
    basics = editable.workdir / "domain" / "basics.yml"
    basics.write_text(basics.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    models_before = sorted(MODELS.glob("*.tar.gz"))
    assert main(["--server", editable.url]) == 0
    assert "without training" in capsys.readouterr().out
    assert sorted(MODELS.glob("*.tar.gz")) == models_before
    assert NEW in greeting(editable, "publish-2")


def test_a_new_model_is_loaded_into_the_running_server_which_keeps_answering(editable, tmp_path):
    model = tmp_path / "20991231-000000-new-model.tar.gz"
    shutil.copy(newest_model(), model)
    load_model(editable.url, None, model)
    assert requests.get(f"{editable.url}/status", timeout=30).json()["model_file"] == model.name
    assert greeting(editable, "publish-3")


PROJECT_PARTS = ("bot", "actions", "domain", "data", "content", "locales", "scripts", "web", "config.yml",
                 "endpoints.yml", "credentials.yml", "babel.cfg", "Makefile", "pyproject.toml")
# A word no language has: before the training the assistant cannot know it.
NEW_WORD = "qxyvbjorn"
# The languages the retrained copy keeps (the language identifier needs two).
TRAINED_LANGUAGES = ("nb", "en")


def project_copy(target: Path) -> Path:
    """The project in another folder, sharing the virtualenv: an editor's checkout."""
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            shutil.copy(source, target / part)
    (target / ".venv").symlink_to(PROJECT_ROOT / ".venv")
    (target / "models").mkdir()
    for kept in (newest_model(), *MODELS.glob(".*fingerprint")):
        shutil.copy(kept, target / "models" / kept.name)
    return target


def test_new_training_examples_are_trained_and_the_new_model_answers(editable, tmp_path):
    question = f"trenger {NEW_WORD} i morgen"
    before = requests.post(f"{editable.url}/model/parse", json={"text": question}, timeout=30).json()
    assert before["intent"]["name"] != "ask_interpreter"
    project = project_copy(tmp_path / "checkout")
    examples = project / "data" / "nlu" / "nb" / "offers.yml"
    block = "- intent: ask_interpreter\n  examples: |\n"
    added = "".join(f"    - {text}\n" for text in (NEW_WORD, f"{NEW_WORD} takk", f"trenger {NEW_WORD}",
                                                      f"kan jeg få {NEW_WORD}", f"{NEW_WORD} på møtet"))
    examples.write_text(examples.read_text(encoding="utf-8").replace(block, block + added), encoding="utf-8")
    # What is tested is that publish trains and loads, not how good the model
    # is: two languages' examples, one epoch of the dialogue policy and one
    # crisis split keep the training short (it took nine minutes of CI with all).
    for language in project.glob("data/nlu/*"):
        if language.name not in TRAINED_LANGUAGES:
            shutil.rmtree(language)
    config = project / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("epochs: 30", "epochs: 1")
                      .replace("repeats: 3", "repeats: 1"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project), "RASA_CACHE_DIRECTORY": str(PROJECT_ROOT / ".rasa" / "cache")}
    published = subprocess.run([str(project / "scripts" / "publish.sh"), "--server", editable.url],
                               cwd=project, env=env, capture_output=True, text=True, timeout=1200)
    assert published.returncode == 0, published.stdout[-2000:] + published.stderr[-2000:]
    assert "with training" in published.stdout
    new_model = max((project / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    assert requests.get(f"{editable.url}/status", timeout=30).json()["model_file"] == new_model.name
    parsed = requests.post(f"{editable.url}/model/parse", json={"text": question}, timeout=30).json()
    assert parsed["intent"]["name"] == "ask_interpreter"
