"""Start the real servers (action server and Rasa with the trained model) in
a work directory: used by the end-to-end tests and by the benchmarks."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, Optional

import requests

from bot.config import PROJECT_ROOT
from tests.helpers import free_port, wait_until

VENV_BIN = Path(sys.executable).parent


class NoModel(RuntimeError):
    pass


def latest_model() -> Path:
    models = sorted((PROJECT_ROOT / "models").glob("*.tar.gz"), key=os.path.getmtime)
    if not models:
        raise NoModel("No trained model in models/: run scripts/train.sh (make test does).")
    return models[-1]


def compiled_locales(target: Path) -> Path:
    # A restarted server in the same workdir compiles over its earlier copy.
    shutil.copytree(PROJECT_ROOT / "locales", target, dirs_exist_ok=True)
    subprocess.run(
        [str(VENV_BIN / "pybabel"), "compile", "-d", str(target), "-D", "messages"],
        check=True, capture_output=True,
    )
    return target


@contextlib.contextmanager
def running_assistant(workdir: Path, settings: Dict[str, str], rasa_port: Optional[int] = None) -> Iterator[str]:
    """Run both servers with ``settings`` on top of a clean environment
    (embedded stores in ``workdir/var``, no Redis, no public URL); yields
    the Rasa server's URL once it has loaded the model. ``rasa_port`` lets a
    test start the server again where a page expects it."""
    actions_port, rasa_port = free_port(), rasa_port or free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        (PROJECT_ROOT / "endpoints.yml").read_text().replace(
            "http://localhost:5055/webhook", f"http://localhost:{actions_port}/webhook"
        )
    )
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "INNGANG_PUBLIC_URL", "TWILIO_WHATSAPP_FROM")}
    env.update({
        "PYTHONPATH": str(PROJECT_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "INNGANG_DATA_DIR": str(workdir / "var"),
        "INNGANG_LOCALES_DIR": str(compiled_locales(workdir / "locales")),
        **settings,
    })
    model = latest_model()
    log_actions = (workdir / "actions.log").open("w")
    log_rasa = (workdir / "rasa.log").open("w")
    processes = [
        subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
            cwd=PROJECT_ROOT, env=env, stdout=log_actions, stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [
                str(VENV_BIN / "rasa"), "run", "--model", str(model),
                "--endpoints", str(endpoints), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
                "--port", str(rasa_port), "--enable-api",
            ],
            cwd=PROJECT_ROOT, env=env, stdout=log_rasa, stderr=subprocess.STDOUT,
        ),
    ]
    url = f"http://localhost:{rasa_port}"
    try:
        try:
            wait_until(lambda: requests.get(f"http://localhost:{actions_port}/health").ok, 90, "action server")
            wait_until(
                lambda: requests.get(f"{url}/status").json().get("model_file") is not None, 180, "Rasa server"
            )
        except TimeoutError as error:
            raise RuntimeError(
                f"Servers did not start. Logs:\n{(workdir / 'rasa.log').read_text()[-3000:]}\n"
                f"{(workdir / 'actions.log').read_text()[-3000:]}"
            ) from error
        yield url
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log_actions.close()
        log_rasa.close()
