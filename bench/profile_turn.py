"""Where a turn's time goes: py-spy samples the Rasa server under load.

Starts the real servers (embedded stores, as ``make run``), sends REST
messages from 10 concurrent conversations, and samples the Rasa server
process with py-spy meanwhile (its idle time excluded). Reports the share
of samples spent inside each function (inclusive), for the functions that
take the most, and the share per part of a turn (our NLU components,
Rasa's policies, the tracker store, the lock store, the NLG, the action
server call, HTTP). Writes bench/results/profile-<time>.md.

Usage: scripts/env.sh python bench/profile_turn.py [--seconds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_benchmark import rest_load  # noqa: E402
from tests.helpers import free_port  # noqa: E402
from tests.servers import VENV_BIN, running_servers  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SHOWN = 30
# A sample's part of the turn: the first of these found in its stack, from the top.
PARTS: List[Tuple[str, str]] = [
    ("NLU: crisis detector", "bot/nlu/crisis_detector.py"),
    ("NLU: language detection", "bot/nlu/language"),
    ("NLU: other components", "rasa/nlu/"),
    ("policies (TED, rules, memoization)", "rasa/core/policies/"),
    ("tracker store", "tracker_store.py"),
    ("lock store", "lock_store.py"),
    ("NLG (rendering responses)", "bot/nlg.py"),
    ("action server call", "rasa/core/actions/action.py"),
    ("our channels", "bot/channels/"),
    ("Rasa processor, other", "rasa/core/processor.py"),
    ("Sanic / HTTP", "sanic/"),
]


def record(pid: int, seconds: int, raw: Path) -> None:
    """Collapsed stacks of every thread that is running (idle threads are not sampled)."""
    subprocess.run([str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--duration", str(seconds),
                    "--rate", "100", "--nonblocking", "--format", "raw", "--output", str(raw)],
                   check=True, capture_output=True)


def stacks(raw: Path) -> Counter:
    counts: Counter = Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            counts[stack] += int(count)
    return counts


def inclusive_shares(counts: Counter) -> List[Tuple[str, float]]:
    total = sum(counts.values())
    inside: Counter = Counter()
    for stack, count in counts.items():
        for frame in set(stack.split(";")):
            inside[frame] += count
    return [(frame, count / total) for frame, count in inside.most_common(SHOWN)]


def part_shares(counts: Counter) -> Dict[str, float]:
    total = sum(counts.values())
    parts: Counter = Counter()
    for stack, count in counts.items():
        frames = stack.split(";")
        part = next((name for name, marker in PARTS if any(marker in frame for frame in frames)), "other")
        parts[part] += count
    return {name: round(count / total, 3) for name, count in parts.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=40)
    args = parser.parse_args()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    raw = Path(tempfile.mkdtemp(prefix="profile-")) / "stacks.txt"
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as directory, \
            running_servers(Path(directory), {}, [free_port()]) as servers:
        url, pid = servers.urls[0], servers.rasa_pids[0]
        asyncio.run(rest_load(url, 2, 2, "warm"))
        recorder = threading.Thread(target=record, args=(pid, args.seconds, raw))
        recorder.start()
        load = None
        while recorder.is_alive():
            load = asyncio.run(rest_load(url, 10, 5, "profile"))
        recorder.join()
    counts = stacks(raw)
    lines = [f"# Profile of the Rasa server under load, {stamp}", "",
             f"py-spy, {args.seconds} s at 100 samples/s, 10 concurrent REST conversations "
             f"(last round: {load}).", "", "## Share of samples per part of a turn", ""]
    lines += [f"- {name}: {share:.1%}" for name, share in part_shares(counts).items()]
    lines += ["", "## Functions with the largest inclusive share", ""]
    lines += [f"- {share:.1%} {frame}" for frame, share in inclusive_shares(counts)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    (RESULTS / f"profile-{stamp}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
