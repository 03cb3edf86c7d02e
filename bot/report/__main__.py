"""``make report``: writes <data_dir>/report/report.html, report.csv and misses.csv."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional, Sequence

from rasa.shared.core.domain import Domain

from bot.booking.events import load_events
from bot.booking.store import default_booking_store
from bot.config import load_settings
from bot.handoff.store import default_case_store
from bot.report.collect import Collected, collect
from bot.report.render import as_csv, as_html, misses_by_language, misses_csv, sections
from bot.stores.factories import build_tracker_store


def write_report(data: Collected, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    report = sections(data)
    misses = misses_by_language(data)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (directory / "report.html").write_text(as_html(report, misses, generated), encoding="utf-8")
    (directory / "report.csv").write_text(as_csv(report), encoding="utf-8")
    (directory / "misses.csv").write_text(misses_csv(misses), encoding="utf-8")
    return directory / "report.html"


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = load_settings()
    parser = argparse.ArgumentParser(description="Write the bydel's report (HTML and CSV).")
    parser.add_argument("--out", type=Path, default=settings.data_dir / "report")
    args = parser.parse_args(argv)
    cases = default_case_store()
    store = default_booking_store()
    bookings = [booking for session in load_events().sessions for booking in store.for_session(session)]
    data = collect(build_tracker_store(settings, Domain.load(str(settings.domain_dir))),
                   bookings, cases.all_cases(), cases.audit_log())
    print(f"Wrote {write_report(data, args.out)} (and report.csv, misses.csv beside it).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
