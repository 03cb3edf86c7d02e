"""``make import-examples``: misses an editor labelled become training examples.

Reads the report's misses.csv, where the editor wrote an intent beside the
messages worth learning from, and appends each to
``data/nlu/<language>/from_report.yml`` under its intent: one file per
language, so the new examples are easy to review (and ``make check`` checks
them) before ``make publish`` trains on them. Rows without an intent, with
an unknown intent or language, or already present are skipped and counted.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.check.training import domain_intents, read_examples
from bot.config import PROJECT_ROOT, load_settings
from bot.languages import SUPPORTED_LANGUAGES
from bot.safety.normalize import normalize

TARGET = "from_report.yml"
HEADER = "# Examples from residents' messages the assistant missed (make report), labelled by an editor.\n"


def import_examples(misses: Path, data: Path, intents: List[str]) -> Dict[str, int]:
    known = {normalize(example.text) for example in read_examples(data)}
    wanted: Dict[str, Dict[str, List[str]]] = defaultdict(lambda: defaultdict(list))
    skipped = 0
    with misses.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            language, text, intent = (row.get(k, "").strip() for k in ("language", "text", "intent"))
            usable = intent in intents and language in SUPPORTED_LANGUAGES and bool(text)
            if not usable or normalize(text) in known:
                skipped += 1
                continue
            known.add(normalize(text))
            wanted[language][intent].append(text)
    for language, by_intent in wanted.items():
        _append(data / language / TARGET, by_intent)
    return {"added": sum(len(t) for by in wanted.values() for t in by.values()), "skipped": skipped}


def _append(path: Path, by_intent: Dict[str, List[str]]) -> None:
    existing: Dict[str, List[str]] = defaultdict(list)
    if path.exists():
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            existing[block["intent"]].extend(line.strip()[2:] for line in block["examples"].splitlines()
                                             if line.strip().startswith("- "))
    for intent, texts in by_intent.items():
        existing[intent].extend(texts)
    lines = [HEADER.rstrip("\n"), 'version: "3.1"', "nlu:"]
    for intent, texts in sorted(existing.items()):
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {' '.join(text.split())}" for text in texts)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Turn labelled misses into training examples.")
    parser.add_argument("misses", type=Path, nargs="?", default=load_settings().data_dir / "report" / "misses.csv")
    args = parser.parse_args(argv)
    counts = import_examples(args.misses, PROJECT_ROOT / "data" / "nlu", domain_intents(PROJECT_ROOT / "domain"))
    print(f"Added {counts['added']} examples to data/nlu/<language>/{TARGET}; skipped {counts['skipped']} rows "
          "(no intent, unknown, or already an example). Next: make check, then make publish.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
