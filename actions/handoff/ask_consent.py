"""Consent first: says who would get what, and asks yes or no."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff.common import routed_contact, service_of
from bot.catalog import load_catalog


class ActionAskHandoffConsent(Action):
    def name(self) -> Text:
        return "action_ask_handoff_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        service = load_catalog().get(service_of(tracker))
        dispatcher.utter_message(
            response="utter_ask_handoff_consent",
            unit=routed_contact(tracker).unit,
            topic=service.name if service else "",
        )
        return []
