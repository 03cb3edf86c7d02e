"""``scripts/outbox.sh``: what the outbox holds, for staff, with numbers masked.

    scripts/outbox.sh                 # the latest 50 messages
    scripts/outbox.sh --status failed # only failed ones
    scripts/outbox.sh --all

Message texts are not shown (they may hold what a resident wrote about
their family); the kind, the status, the attempts and Twilio's error are.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Iterable, List, Optional

from rich.console import Console
from rich.table import Table

from bot.outbox.models import OutgoingMessage, Status
from bot.outbox.store import Outbox, default_outbox, iter_all
from bot.sms.encoding import count_segments
from bot.sms.numbers import is_whatsapp, phone_of

SHOWN_DIGITS = 2


def mask_number(address: str) -> str:
    """``+4791234567`` as ``+47 ••••••67``: enough to tell two apart, not to call."""
    phone = phone_of(address)
    if not phone.startswith("+") or len(phone) < 8:
        return "•" * len(phone)
    country, rest = phone[:3], phone[3:]
    masked = f"{country} {'•' * (len(rest) - SHOWN_DIGITS)}{rest[-SHOWN_DIGITS:]}"
    return ("WhatsApp " if is_whatsapp(address) else "") + masked


def _row(message: OutgoingMessage) -> List[str]:
    segments = count_segments(message.body) if message.body else None
    return [
        str(message.seq),
        datetime.fromtimestamp(message.created).strftime("%Y-%m-%d %H:%M:%S"),
        message.kind,
        mask_number(message.recipient),
        message.status.value,
        str(message.attempts),
        f"{segments.segments} × {segments.encoding}" if segments else "",
        message.error or "",
    ]


def table(messages: Iterable[OutgoingMessage]) -> Table:
    shown = Table(title="Outbox")
    for column in ("#", "created", "kind", "to", "status", "attempts", "segments", "error"):
        shown.add_column(column, no_wrap=column in ("created", "to"))
    for message in messages:
        shown.add_row(*_row(message))
    return shown


def latest(outbox: Outbox, status: Optional[Status], limit: Optional[int]) -> List[OutgoingMessage]:
    found = list(iter_all(outbox, status))
    return found[-limit:] if limit else found


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="List the outbox with numbers masked.")
    parser.add_argument("--status", choices=[s.value for s in Status], help="only messages in this state")
    parser.add_argument("--limit", type=int, default=50, help="the latest N (default 50)")
    parser.add_argument("--all", action="store_true", help="every message")
    args = parser.parse_args(argv)
    status = Status(args.status) if args.status else None
    Console().print(table(latest(default_outbox(), status, None if args.all else args.limit)))


if __name__ == "__main__":
    main()
