"""After the guided questions: a short numbered list of relevant services."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.offers.service_messages import service_choices
from bot.catalog import load_catalog

LIST_LENGTH = 5


class ActionRecommendServices(Action):
    """Lists the services that fit the children's ages and the situation."""

    def name(self) -> Text:
        return "action_recommend_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        catalog = load_catalog()
        ages = [int(age) for age in tracker.get_slot("children_ages") or []]
        situation = tracker.get_slot("situation") or "none"
        services = catalog.recommend(ages, [situation], limit=LIST_LENGTH)
        dispatcher.utter_message(response="utter_offers_list", choices=service_choices(services))
        return []
