"""``make publish``: check, then put the change live; says which way and how long it took.

Exit status 1 when the check fails (nothing is published) or the new model
could not be loaded.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path
from typing import Optional, Sequence

import requests

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.publish.fingerprint import FINGERPRINT_FILE, training_fingerprint

MODELS = PROJECT_ROOT / "models"
# Loading a model takes a while on a busy server.
LOAD_TIMEOUT_SECONDS = 600


def api_token(settings: Settings) -> Optional[str]:
    """The running server's API token: the environment's, else the one make run wrote."""
    if settings.api_token:
        return settings.api_token
    path = settings.data_dir / "api-token"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def needs_training(root: Path = PROJECT_ROOT, models: Path = MODELS) -> bool:
    stored = models / FINGERPRINT_FILE
    has_model = any(models.glob("*.tar.gz"))
    return not (has_model and stored.exists() and stored.read_text().strip() == training_fingerprint(root))


def newest_model(models: Path = MODELS) -> Path:
    return max(models.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)


def load_model(server: str, token: Optional[str], model: Path) -> None:
    """Rasa swaps the model in the running server; conversations go on."""
    response = requests.put(f"{server}/model", params={"token": token} if token else None,
                            json={"model_file": str(model.resolve())}, timeout=LOAD_TIMEOUT_SECONDS)
    response.raise_for_status()


def run(script: str) -> bool:
    return subprocess.run([str(PROJECT_ROOT / "scripts" / script)], cwd=PROJECT_ROOT).returncode == 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = load_settings()
    parser = argparse.ArgumentParser(description="Check, then put editors' changes live.")
    parser.add_argument("--server", default=settings.server_url, help="the running assistant")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not run("check.sh"):
        print("Not published: make check found errors (see above).")
        return 1
    run("i18n.sh")  # compile the catalogs: the running assistant re-reads them
    if not needs_training():
        print(f"Published text only, without training, in {time.monotonic() - started:.0f} s: "
              "the running assistant serves the new texts from the next message.")
        return 0
    if not run("train.sh"):
        print("Not published: training failed (see above).")
        return 1
    model = newest_model()
    try:
        load_model(args.server, api_token(settings), model)
    except requests.RequestException as error:
        print(f"Trained {model.name}, but could not load it into {args.server}: {error}. "
              "A restart (make run) loads it.")
        return 1
    print(f"Published with training in {time.monotonic() - started:.0f} s: {model.name} "
          f"is loaded into {args.server}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
