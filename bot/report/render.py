"""Counts with small ones suppressed, as one self-contained HTML page and a CSV."""

from __future__ import annotations

import csv
import html
import io
import statistics
from collections import Counter
from typing import Dict, List, Tuple, Union

from bot.report.collect import Collected

# Fewer than this many people in a group: the number is not shown.
SMALLEST_SHOWN = 5
SUPPRESSED = "<5"

Cell = Union[int, str]
Section = Tuple[str, List[Tuple[str, Cell]]]


def shown(count: int) -> Cell:
    return SUPPRESSED if 0 < count < SMALLEST_SHOWN else count


def sections(data: Collected) -> List[Section]:
    conversations = data.conversations
    per_language = Counter(c.language for c in conversations)
    result: List[Section] = [
        ("Conversations per language", _rows(per_language)),
        ("Conversations per channel", _rows(Counter(c.channel for c in conversations))),
        ("Conversations per week", _rows(Counter(c.week for c in conversations))),
        ("Conversations asking each topic", _rows(Counter(t for c in conversations for t in c.topics))),
        ("Fallback rate per language (messages not understood)", [
            (language, _rate(sum(c.fallbacks for c in conversations if c.language == language),
                             sum(c.messages for c in conversations if c.language == language), count))
            for language, count in sorted(per_language.items())
        ]),
    ]
    result += _bookings(data)
    result += [("Handoffs", _handoffs(data))]
    return result


def _rows(counter: Counter) -> List[Tuple[str, Cell]]:
    return [(key, shown(value)) for key, value in sorted(counter.items())]


def _rate(fallbacks: int, messages: int, conversations: int) -> Cell:
    if conversations < SMALLEST_SHOWN:
        return SUPPRESSED
    return f"{fallbacks / messages:.0%}" if messages else "0%"


def _bookings(data: Collected) -> List[Section]:
    confirmed = [b for b in data.bookings if b["status"] == "confirmed"]
    return [
        ("Confirmed bookings per session", _rows(Counter(b["session"] for b in confirmed))),
        ("Seats booked per session", [(s, shown(sum(b["seats"] for b in confirmed if b["session"] == s)))
                                      for s in sorted({b["session"] for b in confirmed})]),
        ("Waiting list per session", _rows(Counter(b["session"] for b in data.bookings if b["status"] == "waiting"))),
        ("Interpreter needs (confirmed bookings)", _rows(Counter(b["interpreter"] for b in confirmed
                                                                  if b["interpreter"]))),
        ("Attendance", [("recorded", "not recorded yet: the assistant does not know who came")]),
    ]


def _handoffs(data: Collected) -> List[Tuple[str, Cell]]:
    cases = data.cases
    claimed = [c["minutes_to_claim"] for c in cases if c["minutes_to_claim"] is not None]
    median: Cell = SUPPRESSED if len(claimed) < SMALLEST_SHOWN else f"{statistics.median(claimed):.0f} min"
    return [
        ("requests for a person", shown(len(cases))),
        ("claimed by a staff member", shown(len(claimed))),
        ("median time to claim", median),
        ("escalated (not claimed in time)", shown(sum(1 for c in cases if c["escalated"]))),
    ]


def misses_by_language(data: Collected) -> Dict[str, List[str]]:
    grouped: Dict[str, List[str]] = {}
    for conversation in data.conversations:
        grouped.setdefault(conversation.language, []).extend(conversation.misses)
    return {language: sorted(set(texts)) for language, texts in sorted(grouped.items()) if texts}


def as_csv(report: List[Section]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "key", "value"])
    for title, rows in report:
        writer.writerows([title, key, value] for key, value in rows)
    return buffer.getvalue()


def misses_csv(misses: Dict[str, List[str]]) -> str:
    """The editor fills in ``intent`` for the rows worth learning from (make import-examples)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["language", "text", "intent"])
    writer.writerows([language, text, ""] for language, texts in misses.items() for text in texts)
    return buffer.getvalue()


def as_html(report: List[Section], misses: Dict[str, List[str]], generated: str) -> str:
    parts = [f"<h1>Inngang: report</h1><p>Generated {html.escape(generated)}. Counts under "
             f"{SMALLEST_SHOWN} are shown as {html.escape(SUPPRESSED)}.</p>"]
    for title, rows in report:
        parts.append(f"<section><h2>{html.escape(title)}</h2>{_chart(rows)}{_table(rows)}</section>")
    parts.append("<section><h2>Messages not understood (redacted), by language</h2>")
    for language, texts in misses.items():
        items = "".join(f"<li>{html.escape(text)}</li>" for text in texts)
        parts.append(f"<h3>{html.escape(language)}</h3><ul>{items}</ul>")
    parts.append("</section>")
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Inngang report</title>"
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>")


def _table(rows: List[Tuple[str, Cell]]) -> str:
    body = "".join(f"<tr><th scope=\"row\">{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                   for k, v in rows)
    return f"<table>{body}</table>"


def _chart(rows: List[Tuple[str, Cell]]) -> str:
    """Horizontal bars for the rows with a number (suppressed rows get none)."""
    numbers = [(k, v) for k, v in rows if isinstance(v, int)]
    if not numbers:
        return ""
    top = max(v for _, v in numbers) or 1
    bars = "".join(
        f'<rect x="160" y="{i * 22}" width="{max(1, 400 * v // top)}" height="16" class="bar"/>'
        f'<text x="0" y="{i * 22 + 12}">{html.escape(str(k))[:24]}</text>'
        f'<text x="{168 + 400 * v // top}" y="{i * 22 + 12}">{v}</text>'
        for i, (k, v) in enumerate(numbers)
    )
    return (f'<svg role="img" aria-label="chart" width="620" height="{len(numbers) * 22}" '
            f'xmlns="http://www.w3.org/2000/svg">{bars}</svg>')


_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}"
          "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.2rem .6rem;"
          "text-align:left}.bar{fill:#1f5fa8}svg text{font-size:12px}")
