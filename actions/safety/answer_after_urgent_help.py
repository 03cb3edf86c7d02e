"""After the emergency numbers, still answer the question that was asked.

The NLU safety net (bot/nlu/safety_net.py) answers any message that *may* be
a crisis with emergency numbers. When the classifier's own reading was a
topic question ("we argue a lot at home"), the resident also gets that
answer, so a false alarm costs a few lines rather than the answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.offers.service_messages import show_services
from bot.catalog import load_catalog


class ActionAnswerAfterUrgentHelp(Action):
    """Shows the service card for the topic the safety net replaced, if any."""

    def name(self) -> Text:
        return "action_answer_after_urgent_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        replaced = (tracker.latest_message.get("safety_net") or {}).get("replaced")
        catalog = load_catalog()
        services = catalog.for_topic(replaced or "")
        if services and replaced != "request_human":
            show_services(dispatcher, catalog, services, tracker.get_slot("bydel"), offer_others=False)
        return []
