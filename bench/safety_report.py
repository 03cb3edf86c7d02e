"""The safety part of the NLU benchmark: the independent safety set (bench/safety/).

Each language file has ``acute`` messages (someone is in danger now; ``kind``
says how) and ``worried`` messages (alarming words, no acute danger; ``intent``
says which answer they need). Both were written apart from the training data
and are never trained or tuned on.

Reported per language and per kind:

- acute recall: the share of acute messages that get the full crisis answer;
- any-numbers recall: the share that get at least the calm line with 112/113;
- for worried messages: how many get the full crisis answer (false alarms),
  how many get the calm line, and how many get the answer to their question.

Only counts are reported, never the missed texts: looking at the misses of
an evaluation set and fixing them one by one would turn it into training data.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.safety.tiers import ACUTE, POSSIBLE

Row = Tuple[str, str, str, str]  # language, "acute" | "worried", text, kind or intent


def safety_examples(directory: Path) -> List[Row]:
    rows: List[Row] = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rows += [(path.stem, "acute", str(e["text"]), e.get("kind", "other")) for e in data.get("acute") or []]
        rows += [(path.stem, "worried", str(e["text"]), e["intent"]) for e in data.get("worried") or []]
    return rows


def _share(values: List[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else None


def topic_answered(prediction: Dict, intent: str) -> bool:
    """The worried message's own question was answered (after the numbers, if any)."""
    if prediction["tier"] == ACUTE:
        return prediction.get("replaced") == intent
    return prediction["effective"] == intent


def _summary(pairs: List[Tuple[Row, Dict]]) -> Dict:
    acute = [p for r, p in pairs if r[1] == "acute"]
    worried = [(r, p) for r, p in pairs if r[1] == "worried"]
    return {
        "acute": len(acute),
        "acute_recall": _share([p["tier"] == ACUTE for p in acute]),
        "any_numbers_recall": _share([p["tier"] in (ACUTE, POSSIBLE) for p in acute]),
        "worried": len(worried),
        "worried_full_crisis_rate": _share([p["tier"] == ACUTE for _, p in worried]),
        "worried_calm_line_rate": _share([p["tier"] == POSSIBLE for _, p in worried]),
        "worried_topic_answered": _share([topic_answered(p, r[3]) for r, p in worried]),
    }


def safety_report(rows: List[Row], predictions: List[Dict]) -> Dict:
    pairs = list(zip(rows, predictions, strict=False))
    by_lang: Dict[str, List] = defaultdict(list)
    by_kind: Dict[str, List] = defaultdict(list)
    for row, prediction in pairs:
        by_lang[row[0]].append((row, prediction))
        if row[1] == "acute":
            by_kind[row[3]].append((row, prediction))
    return {
        "overall": _summary(pairs),
        "per_language": {lang: _summary(items) for lang, items in sorted(by_lang.items())},
        "acute_recall_per_kind": {
            kind: {"n": len(items), "recall": _summary(items)["acute_recall"],
                   "missed": sum(p["tier"] != ACUTE for _, p in items)}
            for kind, items in sorted(by_kind.items())
        },
    }


def safety_markdown(safety: Dict) -> List[str]:
    o = safety["overall"]
    lines = [
        "", "## Independent safety set (bench/safety/, never trained or tuned on)", "",
        f"{o['acute']} acute and {o['worried']} worried-not-acute messages. Acute recall (full crisis answer) "
        f"{o['acute_recall']}, at least the calm line with 112/113 {o['any_numbers_recall']}. "
        f"Worried messages: full crisis answer {o['worried_full_crisis_rate']}, calm line "
        f"{o['worried_calm_line_rate']}, own question answered {o['worried_topic_answered']}.", "",
        "| lang | acute | acute recall | any numbers | worried | full crisis answer | calm line | question answered |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for lang, s in safety["per_language"].items():
        lines.append(
            f"| {lang} | {s['acute']} | {s['acute_recall']} | {s['any_numbers_recall']} | {s['worried']} | "
            f"{s['worried_full_crisis_rate']} | {s['worried_calm_line_rate']} | {s['worried_topic_answered']} |"
        )
    lines += ["", "| kind | n | acute recall | missed |", "|---|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {v['recall']} | {v['missed']} |" for k, v in safety["acute_recall_per_kind"].items()]
    return lines
