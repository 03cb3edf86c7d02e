"""Helpers shared by the form validation actions."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk.executor import CollectingDispatcher


def checked(slot: Text, value: Any, dispatcher: CollectingDispatcher) -> Dict[Text, Any]:
    """Set ``slot`` to ``value``, or re-ask with ``utter_invalid_<slot>`` when it is None.

    Returning ``{slot: None}`` makes the form ask the same question again.
    """
    if value is None:
        dispatcher.utter_message(response=f"utter_invalid_{slot}")
    return {slot: value}


def answer_text(value: Any) -> str:
    """A slot value filled from text as the text (a list slot holds words)."""
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return "" if value is None else str(value)
