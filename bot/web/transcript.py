"""The conversation so far, as the chat page shows it after a reload.

Read from the tracker store: what the resident wrote and what the assistant
answered, each bot message with the same fields the REST channel returns
(text, buttons, custom payload) and the response's language and direction.
Button payloads ("/request_human") and the page's topic starters are not
shown as if the resident had typed them.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.core.events import BotUttered, UserUttered

# How much of a long conversation a reload shows.
MAX_MESSAGES = 200


def transcript(events: List[Any]) -> List[Dict[str, Any]]:
    messages: List[Dict[str, Any]] = []
    for event in events:
        if isinstance(event, UserUttered) and event.text and not event.text.startswith("/"):
            messages.append({"from": "user", "text": event.text})
        elif isinstance(event, BotUttered):
            data = event.data or {}
            message: Dict[str, Any] = {"from": "bot", "text": event.text}
            for key in ("buttons", "custom"):
                if data.get(key):
                    message[key] = data[key]
            message["metadata"] = web_metadata(event.metadata or {})
            messages.append(message)
    return messages[-MAX_MESSAGES:]


def web_metadata(message: Dict[str, Any]) -> Dict[str, Any]:
    """What the page needs to know about a response: its name, language and
    direction (``message`` is a bot message or a bot event's metadata, where
    the NLG put them: bot/nlg.py)."""
    rendered = message.get("metadata") or {}
    return {
        "response": message.get("utter_action"),
        "language": rendered.get("language"),
        "direction": rendered.get("direction"),
    }


async def conversation_messages(agent: Any, sender: str) -> List[Dict[str, Any]]:
    tracker = await agent.tracker_store.retrieve(sender) if agent and agent.tracker_store else None
    return transcript(list(tracker.events)) if tracker else []
