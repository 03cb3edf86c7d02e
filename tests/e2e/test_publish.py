"""make publish against a running assistant: a text-only change is served
without training; a new model is loaded without a restart."""

from __future__ import annotations

import shutil
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
