"""Answer a numbered list with its number: "2" means the second button.

Residents on SMS cannot press buttons, and many on the web type the number
too. When the latest bot turn offered buttons, a bare number is replaced by
that button's payload before Rasa sees the message.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from bot.offers import choice_number


def last_offered_buttons(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Buttons of the latest bot message since the resident last wrote."""
    for event in reversed(events):
        if event.get("event") == "user":
            return []
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return buttons
    return []


def resolve_choice(text: Optional[str], events: List[Dict[str, Any]]) -> Optional[str]:
    """The payload a numeric answer stands for, or ``None``."""
    if not text:
        return None
    buttons = last_offered_buttons(events)
    if not buttons:
        return None
    index = choice_number(text, len(buttons))
    return buttons[index].get("payload") if index is not None else None


async def resolve_with_agent(agent: Any, sender_id: str, text: Optional[str]) -> Optional[str]:
    """Look up the conversation and resolve ``text``; ``None`` if it is no choice."""
    if agent is None or not text or choice_number(text, 99) is None:
        return None
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return None
    return resolve_choice(text, [event.as_dict() for event in tracker.events])
