"""Shared pieces of the handoff actions: the slots and the routed contact."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from bot.handoff.contacts import Contact
from bot.handoff.factory import default_handoffs
from bot.languages import SOURCE_LANGUAGE
from bot.nlg import LANGUAGE_SLOT

# The service a request without a topic goes to.
GENERAL_SERVICE = "kontakt_bydelen"
HANDOFF_SLOTS = (
    "handoff_consent", "handoff_message", "handoff_children_ages", "handoff_interpreter", "handoff_call_time",
)


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot(LANGUAGE_SLOT) or SOURCE_LANGUAGE


def service_of(tracker: Tracker) -> str:
    return tracker.get_slot("handoff_service") or GENERAL_SERVICE


def routed_contact(tracker: Tracker) -> Contact:
    return default_handoffs().route(service_of(tracker), tracker.get_slot("bydel"), language_of(tracker))


def reset_handoff_slots() -> List[Dict[str, Any]]:
    # handoff_phone is kept, so a web resident is not asked twice.
    return [SlotSet(name, None) for name in HANDOFF_SLOTS]
