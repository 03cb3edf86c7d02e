"""Answers "can we speak English?" (the slot is already set by detection)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.language_choice import requested_language


class ActionChangeLanguage(Action):
    """Confirms the new language, or shows the language menu if none was named."""

    def name(self) -> Text:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if requested_language(tracker.latest_message or {}):
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_ask_language")
        return []
