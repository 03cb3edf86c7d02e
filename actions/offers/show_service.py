"""Answers a topic question ("tolk?", "barnehage pris") with a service card."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.offers.service_messages import show_services
from actions.safety.crisis_check import lead_with_crisis_check
from bot.catalog import load_catalog


class ActionShowService(Action):
    """Shows the most relevant service for the topic, then the others as a list.

    A chosen list entry carries a ``service`` entity and shows that service.
    """

    def name(self) -> Text:
        return "action_show_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        catalog = load_catalog()
        chosen = next(tracker.get_latest_entity_values("service"), None)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        bydel = tracker.get_slot("bydel")
        lead_with_crisis_check(dispatcher, tracker)

        if chosen and catalog.get(chosen):
            services = [catalog.get(chosen)]
        else:
            services = catalog.for_topic(intent or "")
        if not services:
            dispatcher.utter_message(response="utter_default")
            return []

        show_services(dispatcher, catalog, services, bydel, offer_others=not chosen)
        # "Talk to someone" after a card goes to this service's contact.
        return [SlotSet("handoff_service", services[0].id)]
