"""One calm line before the answer to a message that may be about danger.

A *possible* crisis (bot/safety/tiers.py) is answered as asked, led by
``utter_crisis_check``: "Is anyone in danger right now? Call 112 or 113", and
one step to all the numbers. Actions that answer questions call this first.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.safety.tiers import POSSIBLE, crisis_tier


def lead_with_crisis_check(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    if crisis_tier(tracker.latest_message) == POSSIBLE:
        dispatcher.utter_message(response="utter_crisis_check")
