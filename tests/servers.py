"""Start the real servers (action server and Rasa with the trained model) in
a work directory: used by the end-to-end tests and by the benchmarks."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests

from bot.config import PROJECT_ROOT
from bot.i18n.compile import compile_all
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
    with contextlib.redirect_stdout(io.StringIO()):
        compile_all(target)
    return target


class ActionServer:
    """The action server process, which a fault test may stop and start again on its port."""

    def __init__(self, env: Dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.port)],
                cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )

    def wait_until_up(self) -> None:
        wait_until(lambda: requests.get(f"http://localhost:{self.port}/health").ok, 90, "action server")

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


@dataclass
class Servers:
    urls: List[str]
    actions: ActionServer
    rasa_pids: List[int]


@contextlib.contextmanager
def running_assistant(workdir: Path, settings: Dict[str, str], rasa_port: Optional[int] = None) -> Iterator[str]:
    """Run both servers with ``settings`` on top of a clean environment
    (embedded stores in ``workdir/var``, no Redis, no public URL); yields
    the Rasa server's URL once it has loaded the model. ``rasa_port`` lets a
    test start the server again where a page expects it."""
    with running_servers(workdir, settings, [rasa_port or free_port()]) as servers:
        yield servers.urls[0]


@contextlib.contextmanager
def running_replicas(workdir: Path, settings: Dict[str, str], rasa_ports: List[int]) -> Iterator[List[str]]:
    """One action server and a Rasa server on each of ``rasa_ports``, all
    with the same settings (with ``REDIS_URL``: replicas sharing one Redis)."""
    with running_servers(workdir, settings, rasa_ports) as servers:
        yield servers.urls


@contextlib.contextmanager
def running_servers(workdir: Path, settings: Dict[str, str], rasa_ports: List[int]) -> Iterator[Servers]:
    actions_port = free_port()
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
    actions = ActionServer(env, actions_port, workdir / "actions.log")
    actions.log.write_text("")
    actions.start()
    logs = [(workdir / ("rasa.log" if n == 0 else f"rasa-{n}.log")).open("w") for n in range(len(rasa_ports))]
    processes = [
        subprocess.Popen(
            [
                str(VENV_BIN / "rasa"), "run", "--model", str(model),
                "--endpoints", str(endpoints), "--credentials", str(PROJECT_ROOT / "credentials.yml"),
                "--port", str(port), "--enable-api",
            ],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        for port, log in zip(rasa_ports, logs, strict=True)
    ]
    urls = [f"http://localhost:{port}" for port in rasa_ports]
    try:
        try:
            actions.wait_until_up()
            for url in urls:
                wait_until(
                    lambda url=url: requests.get(f"{url}/status").json().get("model_file") is not None,
                    180, "Rasa server",
                )
        except TimeoutError as error:
            raise RuntimeError(
                f"Servers did not start. Logs:\n{(workdir / 'rasa.log').read_text()[-3000:]}\n"
                f"{actions.log.read_text()[-3000:]}"
            ) from error
        yield Servers(urls, actions, [process.pid for process in processes])
    finally:
        actions.stop()
        for process in processes:
            process.terminate()
        for process in processes:
            _stop(process, terminated=True)
        for log in logs:
            log.close()


def _stop(process: subprocess.Popen, terminated: bool = False) -> None:
    if not terminated:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
