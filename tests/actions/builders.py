"""Build rasa_sdk trackers in code, so each test shows its input."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from bot.nlu.detection import get_detector


def user_event(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None,
               metadata: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": metadata or {},
        "language_detection": get_detector().detect(text).as_dict(),
    }
    return {"event": "user", "text": text, "parse_data": parse_data, "metadata": metadata or {}}


def tracker(events: List[Dict[str, Any]], slots: Optional[Dict[str, Any]] = None) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id="test-resident",
        slots=slots or {},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )
