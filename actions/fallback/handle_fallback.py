"""What to say when NLU is not confident (intent ``nlu_fallback``)."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety.crisis_check import lead_with_crisis_check
from bot.safety.tiers import FALLBACK_INTENT


def consecutive_fallbacks(events: Iterable[Dict[Text, Any]]) -> int:
    """How many of the latest resident messages in a row were not understood.

    Derived from the history rather than kept in a slot, so it cannot get out
    of step with what actually happened.
    """
    count = 0
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionHandleFallback(Action):
    """First miss: ask to rephrase. Second miss in a row: the menu and a person."""

    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        lead_with_crisis_check(dispatcher, tracker)
        if consecutive_fallbacks(tracker.events) >= 2:
            dispatcher.utter_message(response="utter_fallback_menu")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
