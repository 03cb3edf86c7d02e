"""What the model is trained from, without the texts that are served live.

Response texts, content files and translations are left out: changing them
needs no training. Everything else in domain/ (intents, slots, forms,
actions), data/, config.yml and the code of our NLU components is in.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterator

import yaml

FINGERPRINT_FILE = ".training-fingerprint"


def training_fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for name, content in sorted(_inputs(root)):
        digest.update(name.encode("utf-8") + b"\0" + content + b"\0")
    return digest.hexdigest()


def _inputs(root: Path) -> Iterator[tuple]:
    for path in sorted((root / "domain").glob("*.yml")):
        domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        domain.pop("responses", None)
        yield str(path.relative_to(root)), json.dumps(domain, sort_keys=True, default=str).encode("utf-8")
    for pattern in ("data/**/*.yml", "bot/nlu/**/*.py", "bot/safety/**/*.py", "bot/safety/**/*.yml"):
        for path in sorted(root.glob(pattern)):
            yield str(path.relative_to(root)), path.read_bytes()
    yield "config.yml", (root / "config.yml").read_bytes()


if __name__ == "__main__":
    from bot.config import PROJECT_ROOT

    print(training_fingerprint(PROJECT_ROOT))
