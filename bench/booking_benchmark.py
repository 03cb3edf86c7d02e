"""Booking operations per second on both stores.

Starts its own redis-server on a free port (never the shared one) with AOF
(``appendfsync always``, the production setting, and ``everysec``) and uses a
temporary SQLite file. For each store: bookings from one thread, and from 8
threads at once; every run also checks that no session was overbooked.
Writes bench/results/booking-<time>.json and booking-latest.md.

Usage: scripts/bench-booking.sh [--bookings 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from bot.booking.models import BookingRequest  # noqa: E402
from bot.booking.store import RedisBookingStore, SqliteBookingStore  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CAPACITY = 20
THREADS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(store, bookings: int, threads: int, tag: str) -> dict:
    def one(n: int):
        session = f"{tag}-session-{n // CAPACITY // 2}"  # half of the attempts find a full session
        return store.book(BookingRequest(session, 1, f"+4791{n:06d}", f"{tag}-{n}"), capacity=CAPACITY)

    started = time.perf_counter()
    if threads == 1:
        outcomes = [one(n) for n in range(bookings)]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            outcomes = list(pool.map(one, range(bookings)))
    seconds = time.perf_counter() - started
    sessions = {f"{tag}-session-{n // CAPACITY // 2}" for n in range(bookings)}
    overbooked = [s for s in sessions if store.seats_taken(s) > CAPACITY]
    return {
        "threads": threads,
        "attempts": bookings,
        "booked": sum(o.status == "booked" for o in outcomes),
        "full": sum(o.status == "full" for o in outcomes),
        "seconds": round(seconds, 3),
        "ops_per_second": round(bookings / seconds, 1),
        "overbooked_sessions": len(overbooked),
    }


def with_redis(fsync: str, work):
    directory = tempfile.mkdtemp(prefix="bench-redis-")
    port = free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1",
         "--dir", directory, "--appendonly", "yes", "--appendfsync", fsync, "--save", ""],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        return work(RedisBookingStore(client))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Booking store throughput")
    parser.add_argument("--bookings", type=int, default=2000)
    args = parser.parse_args()
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cores": os.cpu_count(), "stores": {}}

    with tempfile.TemporaryDirectory() as directory:
        store = SqliteBookingStore(Path(directory) / "bookings.db")
        results["stores"]["sqlite (WAL, synchronous=FULL)"] = [
            run(store, args.bookings, 1, "s1"), run(store, args.bookings, THREADS, "s8"),
        ]
    for fsync in ("always", "everysec"):
        results["stores"][f"redis (AOF appendfsync {fsync})"] = with_redis(
            fsync, lambda store: [run(store, args.bookings, 1, "r1"), run(store, args.bookings, THREADS, "r8")]
        )

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"booking-{stamp}.json").write_text(json.dumps(results, indent=2))
    lines = [f"# Booking store benchmark {results['date']}", "",
             f"{args.bookings} booking attempts per run (half of them find the session full), "
             f"capacity {CAPACITY} per session, {results['cores']} cores.", "",
             "| store | threads | ops/s | booked | full | overbooked sessions |", "|---|---|---|---|---|---|"]
    for name, runs in results["stores"].items():
        for r in runs:
            lines.append(f"| {name} | {r['threads']} | {r['ops_per_second']} | {r['booked']} | {r['full']} "
                         f"| {r['overbooked_sessions']} |")
    text = "\n".join(lines) + "\n"
    (RESULTS / "booking-latest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
