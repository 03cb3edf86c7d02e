"""Fills the ``language`` slot after every resident message (custom slot mapping)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language_choice import choose_language


class ActionDetectLanguage(Action):
    """Decides the conversation language from this message and the slot."""

    def name(self) -> Text:
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        current = tracker.get_slot("language")
        chosen = choose_language(current, tracker.latest_message or {})
        return [] if chosen == current else [SlotSet("language", chosen)]
