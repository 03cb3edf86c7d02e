"""After the emergency numbers, still answer the question that was asked.

The crisis detector (bot/nlu/crisis_detector.py) answers an acute message
with emergency numbers even when the intent classifier read a topic question
in it ("he shouts and I am scared, what does barnevern do?"). The resident
also gets that topic's answer, so a false alarm costs a few lines rather
than the answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.offers.service_messages import show_services
from bot.catalog import load_catalog
from bot.safety.tiers import replaced_intent

# A person is offered in the crisis answer itself; no card is needed for it.
ANSWERED_BY_CRISIS_ANSWER = frozenset({"request_human"})


class ActionAnswerAfterUrgentHelp(Action):
    """Shows the service card for the topic the crisis reading replaced, if any."""

    def name(self) -> Text:
        return "action_answer_after_urgent_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        replaced = replaced_intent(tracker.latest_message)
        if not replaced or replaced in ANSWERED_BY_CRISIS_ANSWER:
            return []
        catalog = load_catalog()
        services = catalog.for_topic(replaced)
        if services:
            show_services(dispatcher, catalog, services, tracker.get_slot("bydel"), offer_others=False)
        return []
