"""Split NLU examples into training data and a held-out evaluation set.

About 20% of the examples of every intent in every language go to
``bench/holdout/<lang>/<file>.yml`` and are never trained on; the rest stay in
``data/nlu/<lang>/<file>.yml``. The split is deterministic (by a hash of the
text), so re-running it after adding examples moves only new ones, and an
example written identically in two languages lands on the same side.

Usage: python bench/split_holdout.py [--files offers safety handoff basics]
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "nlu"
HOLDOUT = ROOT / "bench" / "holdout"
HOLDOUT_SHARE = 0.2
MIN_TRAINING_EXAMPLES = 25


def read_examples(path: Path) -> Dict[str, List[str]]:
    if not path.exists():
        return {}
    examples: Dict[str, List[str]] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        lines = [line.strip()[2:].strip() for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        examples.setdefault(block["intent"], []).extend(line for line in lines if line)
    return examples


def write_examples(path: Path, examples: Dict[str, List[str]], header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = [header, 'version: "3.1"', "nlu:"]
    for intent, lines in examples.items():
        out.append(f"- intent: {intent}")
        out.append("  examples: |")
        out.extend(f"    - {line}" for line in lines)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _key(text: str) -> str:
    return hashlib.sha1(text.strip().lower().encode("utf-8")).hexdigest()


def split(files: List[str]) -> None:
    plan: Dict[Tuple[str, str], Tuple[Dict[str, List[str]], Dict[str, List[str]]]] = {}
    holdout_keys_by_text: Dict[str, set] = defaultdict(set)
    for lang_dir in sorted(DATA.iterdir()):
        for name in files:
            train_path = lang_dir / f"{name}.yml"
            holdout_path = HOLDOUT / lang_dir.name / f"{name}.yml"
            merged = read_examples(train_path)
            for intent, lines in read_examples(holdout_path).items():
                merged.setdefault(intent, []).extend(lines)
            train: Dict[str, List[str]] = {}
            held: Dict[str, List[str]] = {}
            for intent, lines in merged.items():
                unique = list(dict.fromkeys(lines))
                count = max(1, round(len(unique) * HOLDOUT_SHARE))
                count = min(count, max(0, len(unique) - MIN_TRAINING_EXAMPLES))
                chosen = set(sorted(unique, key=_key)[:count])
                held[intent] = [line for line in unique if line in chosen]
                train[intent] = [line for line in unique if line not in chosen]
                for line in held[intent]:
                    holdout_keys_by_text[_key(line)].add((lang_dir.name, name, intent))
            plan[(lang_dir.name, name)] = (train, held)

    # The same text in two languages must not be trained on in one and
    # evaluated in the other: keep such duplicates in training only.
    trained_keys = {
        _key(line) for train, _ in plan.values() for lines in train.values() for line in lines
    }
    for (lang, name), (train, held) in plan.items():
        for intent in held:
            leaked = [line for line in held[intent] if _key(line) in trained_keys]
            held[intent] = [line for line in held[intent] if _key(line) not in trained_keys]
            train[intent].extend(leaked)
        if not any(train.values()):
            continue
        write_examples(DATA / lang / f"{name}.yml", train,
                       "# Training examples. ~20% more are held out in bench/holdout/ (bench/split_holdout.py).")
        write_examples(HOLDOUT / lang / f"{name}.yml", held,
                       "# Held-out evaluation examples: never trained on (bench/split_holdout.py).")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=["basics", "safety", "handoff", "offers"])
    split(parser.parse_args().files)
