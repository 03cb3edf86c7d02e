"""NLU quality benchmark on the held-out examples (bench/holdout/, never trained on).

Trains a model from scratch on data/ (no cache, so the time is the full
training time on this machine), parses every held-out example and writes a
per-language report to bench/results/:

- intent accuracy and macro-F1, per language and over all languages
  (as residents get it: after the fallback threshold and the safety net;
  an example answered with nlu_fallback counts as wrong)
- the same for the classifier's raw top intent
- urgent_help recall per language, and how often urgent_help was given to
  a message that was not urgent
- the worst confusions
- language-detection accuracy (the detector's guess against the language the
  example is filed under), strictly and with bokmål/nynorsk taken as one
- language detection as residents get it (the trained model's
  ``language_detection``): accuracy on every example, accuracy where the
  detector was sure enough to switch a conversation, that coverage, and how
  often a wrong guess was sure enough to switch one
- the crisis thresholds that cross-validation on the training data chose
- the independent safety set (bench/safety_report.py)

Usage: scripts/bench-nlu.sh [--config config.yml] [--model path]  (see --help)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.safety_report import safety_examples, safety_markdown, safety_report  # noqa: E402
from bench.split_holdout import HOLDOUT, read_examples  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SAFETY = ROOT / "bench" / "safety"
URGENT = "urgent_help"
FALLBACK = "nlu_fallback"


def holdout_examples() -> List[Tuple[str, str, str]]:
    """(language, intent, text) for every held-out example."""
    rows = []
    for lang_dir in sorted(HOLDOUT.iterdir()):
        for path in sorted(lang_dir.glob("*.yml")):
            for intent, lines in read_examples(path).items():
                rows.extend((lang_dir.name, intent, line) for line in lines)
    return rows


def train(config: Path, out: Path) -> Tuple[Path, float]:
    env = {**os.environ, "RASA_CACHE_DIRECTORY": tempfile.mkdtemp(prefix="rasa-cache-")}
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--domain", "domain", "--data", "data",
         "--config", str(config), "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    return max(out.glob("*.tar.gz"), key=os.path.getmtime), seconds


def macro_f1(pairs: List[Tuple[str, str]], labels: List[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        fp = sum(1 for gold, pred in pairs if gold != label and pred == label)
        fn = sum(1 for gold, pred in pairs if gold == label and pred != label)
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


async def predict(model: Path, texts: List[str]) -> List[Dict[str, str]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    predictions = []
    for text in texts:
        parsed = await agent.parse_message(text)
        raw = next((r["name"] for r in parsed.get("intent_ranking", []) if r["name"] != FALLBACK), None)
        crisis = parsed.get("crisis") or {}
        detection = parsed.get("language_detection") or {}
        predictions.append({
            "effective": parsed["intent"]["name"], "raw": raw or FALLBACK,
            "tier": crisis.get("tier", "none"), "replaced": crisis.get("replaced"),
            "language": detection.get("language"), "reliable": bool(detection.get("reliable")),
        })
    return predictions


def crisis_thresholds(model: Path) -> Dict:
    """The thresholds the crisis detector chose by cross-validation when trained."""
    import tarfile

    with tarfile.open(model) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("thresholds.json"))
        return json.loads(archive.extractfile(member).read())


def report(rows, predictions, training_seconds, config: Path) -> Dict:
    by_lang: Dict[str, List[int]] = defaultdict(list)
    for index, (lang, _, _) in enumerate(rows):
        by_lang[lang].append(index)
    labels = sorted({intent for _, intent, _ in rows})

    def scores(indices: List[int], key: str) -> Dict[str, float]:
        pairs = [(rows[i][1], predictions[i][key]) for i in indices]
        return {
            "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4),
            "macro_f1": round(macro_f1(pairs, labels), 4),
        }

    def urgent(indices: List[int]) -> Dict[str, float]:
        gold = [i for i in indices if rows[i][1] == URGENT]
        other = [i for i in indices if rows[i][1] != URGENT]
        caught = sum(1 for i in gold if predictions[i]["effective"] == URGENT)
        false_alarms = sum(1 for i in other if predictions[i]["effective"] == URGENT)
        return {
            "recall": round(caught / len(gold), 4) if gold else None,
            "missed": sum(1 for i in gold if predictions[i]["effective"] != URGENT),
            "false_alarm_rate": round(false_alarms / len(other), 4) if other else None,
        }

    def detection(indices: List[int]) -> Dict[str, float]:
        return language_detection([rows[i][0] for i in indices], [predictions[i] for i in indices])

    confusions = Counter(
        (rows[i][1], predictions[i]["effective"])
        for i in range(len(rows)) if rows[i][1] != predictions[i]["effective"]
    )
    everything = list(range(len(rows)))
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "config": str(config),
        "examples": len(rows),
        "training_seconds": round(training_seconds, 1),
        "cores": os.cpu_count(),
        "overall": {
            "effective": scores(everything, "effective"),
            "raw": scores(everything, "raw"),
            "urgent_help": urgent(everything),
            "language_detection": detection(everything),
            "fallback_rate": round(sum(p["effective"] == FALLBACK for p in predictions) / len(rows), 4),
        },
        "per_language": {
            lang: {
                "examples": len(indices),
                "effective": scores(indices, "effective"),
                "raw": scores(indices, "raw"),
                "urgent_help": urgent(indices),
                "language_detection": detection(indices),
            }
            for lang, indices in sorted(by_lang.items())
        },
        "worst_confusions": [
            {"gold": gold, "predicted": pred, "count": count}
            for (gold, pred), count in confusions.most_common(15)
        ],
    }


def language_detection(gold: List[str], predictions: List[Dict]) -> Dict[str, float]:
    def same(lang: str, guess: str) -> bool:
        return lang == guess or {lang, guess} <= {"nb", "nn"}

    correct = [same(lang, p["language"]) for lang, p in zip(gold, predictions, strict=False)]
    sure = [ok for ok, p in zip(correct, predictions, strict=False) if p["reliable"]]
    return {
        "strict": round(sum(lang == p["language"] for lang, p in zip(gold, predictions, strict=False)) / len(gold), 4),
        "nb_nn_as_one": round(sum(correct) / len(gold), 4),
        "when_sure": round(sum(sure) / len(sure), 4) if sure else None,
        "sure_coverage": round(len(sure) / len(gold), 4),
        "wrong_and_sure": round(sum(not ok for ok in sure) / len(gold), 4),
    }


def also_in_training(holdout_texts: List[str], safety_texts: List[str]) -> Dict[str, int]:
    """Evaluation messages that equal a training example after normalisation.

    The split keeps exact texts apart; short common phrases ("hi", "meny",
    "sos") still occur in both in another spelling or language. Reported,
    so every number above can be read with it.
    """
    from bot.safety.normalize import normalize

    training = {normalize(line) for path in (ROOT / "data" / "nlu").glob("*/*.yml")
                for lines in read_examples(path).values() for line in lines}
    return {"holdout": sum(normalize(t) in training for t in holdout_texts),
            "safety": sum(normalize(t) in training for t in safety_texts)}


def markdown(result: Dict) -> str:
    overall = result["overall"]
    lines = [
        f"# NLU benchmark {result['date']}",
        "",
        f"Config `{result['config']}`, {result['examples']} held-out examples, "
        + (f"full training {result['training_seconds']} s on {result['cores']} cores."
           if result["training_seconds"] else f"a given model (training not timed), {result['cores']} cores."),
        "",
        f"Overall: macro-F1 {overall['effective']['macro_f1']} (raw classifier {overall['raw']['macro_f1']}), "
        f"accuracy {overall['effective']['accuracy']}, fallback rate {overall['fallback_rate']}, "
        f"urgent_help recall {overall['urgent_help']['recall']} "
        f"(false alarms {overall['urgent_help']['false_alarm_rate']}), "
        f"language detection {overall['language_detection']['strict']} "
        f"(nb/nn as one {overall['language_detection']['nb_nn_as_one']}).",
        "",
        f"Crisis thresholds chosen by {result['crisis_thresholds_note']}: {result['crisis_thresholds']}.",
        "",
        f"Evaluation messages equal to a training example after normalisation (short common phrases): "
        f"{result.get('also_in_training')}.",
        "",
        "| lang | n | macro-F1 | raw macro-F1 | accuracy | urgent recall | urgent false alarms "
        "| lang-id nb=nn | lang-id when sure | sure coverage | wrong and sure |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, row in result["per_language"].items():
        detection = row["language_detection"]
        lines.append(
            f"| {lang} | {row['examples']} | {row['effective']['macro_f1']} | {row['raw']['macro_f1']} | "
            f"{row['effective']['accuracy']} | {row['urgent_help']['recall']} | "
            f"{row['urgent_help']['false_alarm_rate']} | {detection['nb_nn_as_one']} | "
            f"{detection['when_sure']} | {detection['sure_coverage']} | {detection['wrong_and_sure']} |"
        )
    lines += ["", "Worst confusions (gold → predicted):", ""]
    lines += [f"- {c['gold']} → {c['predicted']}: {c['count']}" for c in result["worst_confusions"]]
    safety = result.get("safety_set")
    if safety:
        lines += safety_markdown(safety)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="NLU benchmark on bench/holdout/")
    parser.add_argument("--config", default="config.yml", type=Path)
    parser.add_argument("--model", type=Path, help="evaluate this model instead of training one")
    parser.add_argument("--name", default="nlu", help="report file name prefix")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog

    # Rasa's structured debug log would print every parsed message.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    rows = holdout_examples()
    if args.model:
        model, seconds = args.model, 0.0
    else:
        model, seconds = train(args.config, Path(tempfile.mkdtemp(prefix="bench-model-")))
    safety_rows = safety_examples(SAFETY)
    texts = [text for _, _, text in rows] + [row[2] for row in safety_rows]
    predictions = asyncio.run(predict(model, texts))
    result = report(rows, predictions[: len(rows)], seconds, args.config)
    result["crisis_thresholds"] = crisis_thresholds(model)
    result["crisis_thresholds_note"] = "repeated (3 x 5-fold) cross-validation on the training data"
    result["safety_set"] = safety_report(safety_rows, predictions[len(rows):])
    result["also_in_training"] = also_in_training([text for _, _, text in rows], [row[2] for row in safety_rows])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"{args.name}-{stamp}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    text = markdown(result)
    (RESULTS / f"{args.name}-latest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
