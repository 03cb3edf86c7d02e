"""How fast Twilio gets its answer, and how fast a resident gets a reply.

Starts the real servers (action server and Rasa with the trained model,
embedded stores) in a temporary directory, with a local fake of Twilio's
API for the outbox to send to. Then, in the same run and under the same
load of CONCURRENT threads:

1. *baseline*: ``GET /`` of the same Rasa server (no work at all);
2. *rest turn*: a turn through the REST channel, which answers only when
   the turn is done (what the SMS webhook did before it became
   asynchronous);
3. *sms webhook*: signed SMS webhooks from CONCURRENT numbers; the time
   until Twilio gets its (empty) answer, and the time until the reply has
   been handed to the fake Twilio API.

Results are ratios against the baseline of the same run, so machines can
be compared. Writes bench/results/sms-<time>.json and sms-latest.md.

Usage: scripts/bench-sms.sh [--messages 8]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from tests.fakes.twilio_api import FakeTwilioApi  # noqa: E402
from tests.servers import running_assistant  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CONCURRENT = 10
# Not a credential: the benchmark's own server checks signatures made with it.
AUTH_TOKEN = "bench-auth-token"
FROM_NUMBER = "+4759440000"
# What residents write, in several languages (kept under the per-sender
# limit of 10 messages a minute).
QUESTIONS = [
    "hei, hva er åpen barnehage?", "trenger tolk", "waxaan rabaa barnehage", "what does it cost?",
    "ile kosztuje przedszkole", "де можна отримати допомогу з заявою", "ما هو søknadskveld", "takk",
]


def percentile(samples: List[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(samples: List[float]) -> Dict[str, float]:
    return {
        "count": len(samples),
        "p50_ms": round(statistics.median(samples) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def in_parallel(work: Callable[[int], List[float]]) -> List[float]:
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        return list(itertools.chain.from_iterable(pool.map(work, range(CONCURRENT))))


def baseline(url: str, messages: int) -> List[float]:
    def one_thread(_: int) -> List[float]:
        return [timed(lambda: requests.get(f"{url}/", timeout=60).raise_for_status()) for _ in range(messages)]
    return in_parallel(one_thread)


def rest_turns(url: str, messages: int) -> List[float]:
    def one_thread(n: int) -> List[float]:
        sender = f"bench-rest-{n}-{uuid.uuid4().hex[:6]}"
        return [
            timed(lambda q=question: requests.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": q}, timeout=120,
            ).raise_for_status())
            for question in QUESTIONS[:messages]
        ]
    return in_parallel(one_thread)


def sms_turns(url: str, twilio: FakeTwilioApi, messages: int) -> Dict[str, List[float]]:
    webhook = f"{url}/webhooks/sms/webhook"
    validator = RequestValidator(AUTH_TOKEN)
    acks: List[float] = []
    replies: List[float] = []

    def one_thread(n: int) -> List[float]:
        number = f"+479{n:02d}{uuid.uuid4().int % 100000:05d}"
        for question in QUESTIONS[:messages]:
            before = len(twilio.delivered(number))
            params = {"From": number, "To": FROM_NUMBER, "Body": question,
                      "MessageSid": f"SM{uuid.uuid4().hex}", "NumMedia": "0"}
            headers = {"X-Twilio-Signature": validator.compute_signature(webhook, params)}
            started = time.perf_counter()
            requests.post(webhook, data=params, headers=headers, timeout=60).raise_for_status()
            acks.append(time.perf_counter() - started)
            while len(twilio.delivered(number)) <= before:
                if time.perf_counter() - started > 120:
                    raise TimeoutError("no reply within 120 s")
                time.sleep(0.01)
            replies.append(time.perf_counter() - started)
        return []

    in_parallel(one_thread)
    return {"acks": acks, "replies": replies}


def twilio_settings(twilio: FakeTwilioApi) -> Dict[str, str]:
    """The servers' settings for signed webhooks and an outbox that sends to the fake API."""
    return {
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_ACCOUNT_SID": "AC" + "b0" * 16,
        "TWILIO_FROM_NUMBER": FROM_NUMBER, "TWILIO_API_BASE_URL": twilio.url,
        "INNGANG_NUMBER_HASH_KEY": "bench-number-key",
    }


def measure(messages: int) -> Dict:
    twilio = FakeTwilioApi().start()
    settings = twilio_settings(twilio)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sms-") as directory, \
                running_assistant(Path(directory), settings) as url:
            rest_turns(url, 2)  # warm up: first turns load the models' caches
            base = summary(baseline(url, messages))
            rest = summary(rest_turns(url, messages))
            sms = sms_turns(url, twilio, messages)
    finally:
        twilio.stop()
    acks, replies = summary(sms["acks"]), summary(sms["replies"])
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "concurrent": CONCURRENT,
        "messages_per_sender": messages,
        "baseline_get_root": base,
        "rest_turn": rest,
        "sms_webhook_ack": acks,
        "sms_reply_delivered": replies,
        "ratios_p95": {
            "sms_ack_vs_baseline": round(acks["p95_ms"] / base["p95_ms"], 2),
            "sms_ack_vs_rest_turn": round(acks["p95_ms"] / rest["p95_ms"], 3),
            "sms_reply_vs_rest_turn": round(replies["p95_ms"] / rest["p95_ms"], 2),
        },
    }


def report(results: Dict) -> str:
    rows = [("GET / (baseline)", results["baseline_get_root"]), ("REST turn", results["rest_turn"]),
            ("SMS webhook: Twilio's answer", results["sms_webhook_ack"]),
            ("SMS webhook: reply handed to Twilio", results["sms_reply_delivered"])]
    lines = [f"# SMS webhook benchmark {results['date']}", "",
             f"{results['concurrent']} concurrent senders, {results['messages_per_sender']} messages each, "
             f"{results['cores']} cores; embedded stores, fake Twilio API on loopback.", "",
             "| what | n | p50 ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {r['count']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |" for name, r in rows]
    lines += ["", "| ratio of p95 | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in results["ratios_p95"].items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="SMS webhook latency under concurrent senders")
    parser.add_argument("--messages", type=int, default=len(QUESTIONS),
                        help=f"messages per sender (at most {len(QUESTIONS)})")
    args = parser.parse_args()
    results = measure(min(max(args.messages, 1), len(QUESTIONS)))
    print(write_results("sms", results, report(results)))


def write_results(name: str, result: Dict, text: str) -> str:
    """bench/results/<name>-<time>.json and <name>-latest.md; returns the text."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"{name}-{stamp}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"{name}-latest.md").write_text(text)
    return text


if __name__ == "__main__":
    main()
