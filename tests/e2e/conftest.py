"""Start the real servers: the action server and Rasa with the trained model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.config import PROJECT_ROOT
from tests.helpers import free_port, wait_until

VENV_BIN = Path(sys.executable).parent
# Not a real credential: the test servers check SMS signatures made with it.
TEST_TWILIO_AUTH_TOKEN = "test-auth-token-for-signatures"


class Assistant:
    """A running Inngang: talk to it over the REST channel, read trackers."""

    def __init__(self, url: str, workdir: Path | None = None) -> None:
        self.url = url
        self.workdir = workdir
        self.sms_url = f"{url}/webhooks/sms/webhook"

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def sms_conversation(self, number: str) -> str:
        """The conversation id an SMS sender gets (today: the number itself)."""
        return number

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()

    def last_bot_turn(self, sender: str) -> list:
        """The bot events after the latest user message: response keys and languages."""
        events = self.tracker(sender)["events"]
        last_user = max(i for i, e in enumerate(events) if e["event"] == "user")
        return [
            {
                "response": e["metadata"].get("utter_action"),
                "language": (e["metadata"].get("metadata") or {}).get("language"),
                "text": e["text"],
            }
            for e in events[last_user:]
            if e["event"] == "bot"
        ]


def write_test_events(path: Path) -> Path:
    """Sessions a week or two from today, so the tests never run out of dates."""
    import datetime as dt

    import yaml

    today = dt.date.today()
    evening = today + dt.timedelta(days=7)
    data = {
        "version": 1,
        "places": [
            {"id": "furuset", "name": "Familiesenteret på Furuset", "address": "Furuset (eksempeladresse)",
             "bydel": "alna", "example_data": True},
        ],
        "application_evenings": [
            {"place": "furuset", "date": evening.isoformat(), "start": "17:30", "end": "19:30",
             "capacity": 4, "interpreter_languages": ["so", "ar"],
             "bring": "Ta med BankID eller MinID hvis du har det, og brev fra NAV eller barnehagen. Har du ikke det, kom likevel."},
            {"place": "furuset", "date": (evening + dt.timedelta(days=7)).isoformat(), "start": "17:30",
             "end": "19:30", "capacity": 30, "interpreter_languages": [],
             "bring": "Ta med BankID eller MinID hvis du har det, og brev fra NAV eller barnehagen. Har du ikke det, kom likevel."},
        ],
        "open_kindergarten": [
            {"place": "furuset", "weekday": "tuesday", "start": "09:30", "end": "12:00", "capacity": 12,
             "ages": [0, 5], "period": [today.isoformat(), (today + dt.timedelta(days=60)).isoformat()],
             "exceptions": [], "bring": "Ta med innesko og mat til barnet. Du er sammen med barnet hele tiden."},
        ],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _latest_model() -> Path:
    models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"), key=os.path.getmtime)
    if not models:
        pytest.fail("No trained model in models/: run scripts/train.sh (make test does).")
    return models[-1]


def _compiled_locales(target: Path) -> Path:
    shutil.copytree(PROJECT_ROOT / "locales", target)
    subprocess.run(
        [str(VENV_BIN / "pybabel"), "compile", "-d", str(target), "-D", "messages"],
        check=True, capture_output=True,
    )
    return target


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    workdir = tmp_path_factory.mktemp("assistant")
    actions_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        (PROJECT_ROOT / "endpoints.yml").read_text().replace(
            "http://localhost:5055/webhook", f"http://localhost:{actions_port}/webhook"
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "INNGANG_DATA_DIR": str(workdir / "var"),
        "INNGANG_LOCALES_DIR": str(_compiled_locales(workdir / "locales")),
        "TWILIO_AUTH_TOKEN": TEST_TWILIO_AUTH_TOKEN,
        "INNGANG_EVENTS_FILE": str(write_test_events(workdir / "events.yml")),
    }
    env.pop("INNGANG_PUBLIC_URL", None)
    env.pop("REDIS_URL", None)  # the embedded defaults are what a newcomer gets
    log_actions = (workdir / "actions.log").open("w")
    log_rasa = (workdir / "rasa.log").open("w")
    processes = [
        subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
            cwd=PROJECT_ROOT, env=env, stdout=log_actions, stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [
                str(VENV_BIN / "rasa"), "run", "--model", str(_latest_model()),
                "--endpoints", str(endpoints), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
                "--port", str(rasa_port), "--enable-api",
            ],
            cwd=PROJECT_ROOT, env=env, stdout=log_rasa, stderr=subprocess.STDOUT,
        ),
    ]
    url = f"http://localhost:{rasa_port}"
    try:
        wait_until(lambda: requests.get(f"http://localhost:{actions_port}/health").ok, 90, "action server")
        wait_until(
            lambda: requests.get(f"{url}/status").json().get("model_file") is not None, 180, "Rasa server"
        )
        yield Assistant(url, workdir)
    except TimeoutError:
        raise RuntimeError(
            f"Servers did not start. Logs:\n{(workdir / 'rasa.log').read_text()[-3000:]}\n"
            f"{(workdir / 'actions.log').read_text()[-3000:]}"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
