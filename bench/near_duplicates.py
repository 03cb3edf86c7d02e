"""Find and retire near-duplicate training examples.

Template-like examples ("hva koster barnehage for 2 barn", "... for 3 barn")
teach the classifier a template instead of the language, and inflate its
held-out score when a sibling lands in the held-out set. Two examples of the
same intent and language are near-duplicates when their word sequences are
the same after masking numbers, or their character 3-gram sets overlap by at
least ``SIMILARITY`` (Jaccard). The first one is kept.

Usage: python bench/near_duplicates.py [--retire]   (without --retire: report only)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.split_holdout import DATA, read_examples, write_examples  # noqa: E402
from bot.safety.normalize import normalize  # noqa: E402

SIMILARITY = 0.8
HEADER = "# Training examples. ~20% more are held out in bench/holdout/ (bench/split_holdout.py)."


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", normalize(text)).strip()


def _grams(text: str) -> Set[str]:
    padded = f" {_shape(text)} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def near_duplicates(lines: List[str]) -> List[Tuple[str, str]]:
    """(kept, retired) pairs, in order."""
    kept: List[Tuple[str, str, Set[str]]] = []
    pairs: List[Tuple[str, str]] = []
    for line in lines:
        shape, grams = _shape(line), _grams(line)
        twin = next(
            (k for k, s, g in kept if s == shape or len(grams & g) / max(len(grams | g), 1) >= SIMILARITY), None
        )
        if twin is None:
            kept.append((line, shape, grams))
        else:
            pairs.append((twin, line))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retire", action="store_true", help="remove the near-duplicates from data/nlu")
    args = parser.parse_args()
    total = 0
    for path in sorted(DATA.glob("*/*.yml")):
        examples: Dict[str, List[str]] = read_examples(path)
        retired_here = 0
        for intent, lines in examples.items():
            retired = {line for _, line in near_duplicates(lines)}
            retired_here += len(retired)
            examples[intent] = [line for line in lines if line not in retired]
        total += retired_here
        if retired_here:
            print(f"{path.relative_to(ROOT)}: {retired_here} near-duplicates")
            if args.retire:
                write_examples(path, examples, HEADER)
    print(f"{total} near-duplicate examples {'retired' if args.retire else 'found'}")


if __name__ == "__main__":
    main()
