"""``scripts/cases.sh``: handoff cases for staff, per bydel and contact, with
their age and numbers masked; ``--csv FILE`` writes the same rows.

    scripts/cases.sh              # open cases
    scripts/cases.sh --all        # closed and withdrawn ones too
    scripts/cases.sh --csv cases.csv

The resident's message is not shown here (it is in the staff SMS).
"""

from __future__ import annotations

import argparse
import csv
from datetime import datetime
from pathlib import Path
from typing import List, Optional

from rich.console import Console
from rich.table import Table

from bot import clock
from bot.handoff.factory import default_handoffs
from bot.handoff.models import Case
from bot.outbox.listing import mask_number

COLUMNS = ("bydel", "contact", "code", "status", "age (h)", "language", "interpreter", "call", "phone")


def _row(case: Case, now: datetime) -> List[str]:
    hours = (now - case.created).total_seconds() / 3600
    return [
        case.bydel, case.claimed_by or case.contact_id, case.code, case.status.value, f"{hours:.1f}",
        case.language, case.interpreter or "-", case.call_at.strftime("%Y-%m-%d %H:%M") if case.call_at else "-",
        mask_number(case.phone) if case.phone else "-",
    ]


def rows(cases: List[Case], now: datetime) -> List[List[str]]:
    return sorted((_row(case, now) for case in cases), key=lambda row: (row[0], row[1], -float(row[4])))


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="List handoff cases with numbers masked.")
    parser.add_argument("--all", action="store_true", help="closed and withdrawn cases too")
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    args = parser.parse_args(argv)
    store = default_handoffs().store
    listed = rows(store.all_cases() if args.all else store.open_cases(), clock.now())
    shown = Table(title="Handoff cases")
    for column in COLUMNS:
        shown.add_column(column, no_wrap=True)
    for row in listed:
        shown.add_row(*row)
    Console().print(shown)
    if args.csv:
        with args.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(listed)


if __name__ == "__main__":
    main()
