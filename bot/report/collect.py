"""Read conversations, bookings and cases into plain counts (no texts except misses)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

from bot.languages import SOURCE_LANGUAGE
from bot.privacy.redaction import redact
from bot.safety.tiers import FALLBACK_INTENT
from bot.sms import SMS_CHANNEL

TOPIC_PREFIXES = ("ask_", "book_", "request_human", "urgent_help", "cancel_booking", "list_bookings")


@dataclass
class ConversationFacts:
    channel: str
    language: str
    week: str
    topics: List[str]
    messages: int
    fallbacks: int
    misses: List[str]


@dataclass
class Collected:
    conversations: List[ConversationFacts] = field(default_factory=list)
    bookings: List[Dict[str, Any]] = field(default_factory=list)
    cases: List[Dict[str, Any]] = field(default_factory=list)


def conversation_facts(events: Iterable[Dict[str, Any]]) -> Optional[ConversationFacts]:
    """Facts of one conversation from its events (as dicts), None if no one wrote."""
    users = [e for e in events if e.get("event") == "user"]
    if not users:
        return None
    language = SOURCE_LANGUAGE
    for event in events:
        if event.get("event") == "slot" and event.get("name") == "language" and event.get("value"):
            language = str(event["value"])
    intents = [((e.get("parse_data") or {}).get("intent") or {}).get("name") or "" for e in users]
    first = datetime.fromtimestamp(float(users[0].get("timestamp") or 0), tz=timezone.utc)
    year, week, _ = first.isocalendar()
    return ConversationFacts(
        channel=_channel(users[-1].get("input_channel")),
        language=language,
        week=f"{year}-W{week:02d}",
        topics=sorted({i for i in intents if i.startswith(TOPIC_PREFIXES)}),
        messages=len(users),
        fallbacks=sum(i == FALLBACK_INTENT for i in intents),
        misses=[redact(str(e.get("text") or "")) for e, i in zip(users, intents, strict=True)
                if i == FALLBACK_INTENT and e.get("text") and not str(e.get("text")).startswith("/")],
    )


def _channel(name: Optional[str]) -> str:
    return {SMS_CHANNEL: "sms", "rest": "web", None: "web"}.get(name, str(name))


async def _trackers(tracker_store: Any) -> List[List[Dict[str, Any]]]:
    found = []
    for sender in await tracker_store.keys():
        tracker = await tracker_store.retrieve_full_tracker(sender)
        if tracker is not None:
            found.append([event.as_dict() for event in tracker.events])
    return found


def collect(tracker_store: Any, bookings: List[Any], cases: List[Any], audit: List[Any]) -> Collected:
    collected = Collected()
    for events in asyncio.run(_trackers(tracker_store)):
        facts = conversation_facts(events)
        if facts:
            collected.conversations.append(facts)
    collected.bookings = [{"session": b.session_id, "status": b.status, "seats": b.seats,
                           "interpreter": b.interpreter_language or ""} for b in bookings]
    claimed: Dict[str, datetime] = {}
    for entry in audit:
        if entry.action == "claimed":
            claimed.setdefault(entry.code, entry.at)
    collected.cases = [{"status": c.status.value, "escalated": c.escalated,
                        "minutes_to_claim": _minutes(c.created, claimed.get(c.code))} for c in cases]
    return collected


def _minutes(start: datetime, end: Optional[datetime]) -> Optional[float]:
    return None if end is None else round((end - start).total_seconds() / 60, 1)

