"""Opens the case after a yes, or shares nothing and gives the service's own contact after a no."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import resident_phone
from actions.handoff.common import language_of, reset_handoff_slots, service_of
from actions.handoff.validate_handoff_form import SKIPPED
from bot import clock
from bot.booking.answers import NO_INTERPRETER
from bot.catalog import load_catalog
from bot.handoff.factory import default_handoffs
from bot.handoff.service import CaseRequest


def _phone(tracker: Tracker) -> Optional[str]:
    # The number given for this request first: on the web resident_phone
    # falls back to a number given for a booking earlier.
    return tracker.get_slot("handoff_phone") or resident_phone(tracker)


class ActionSubmitHandoff(Action):
    def name(self) -> Text:
        return "action_submit_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        phone = _phone(tracker)
        if tracker.get_slot("handoff_consent") is not True or not phone:
            card = load_catalog().card(service_of(tracker), tracker.get_slot("bydel"))
            dispatcher.utter_message(response="utter_handoff_no_consent",
                                     contact=card.texts.get("contact", ""), when=card.texts.get("when", ""))
            return reset_handoff_slots()
        message = tracker.get_slot("handoff_message")
        interpreter = tracker.get_slot("handoff_interpreter")
        case = default_handoffs().open(CaseRequest(
            conversation=tracker.sender_id, phone=phone, language=language_of(tracker),
            service_id=service_of(tracker), bydel=tracker.get_slot("bydel"),
            message=None if message in (None, SKIPPED) else message,
            children_ages=[int(age) for age in tracker.get_slot("handoff_children_ages") or []],
            interpreter=None if interpreter in (None, NO_INTERPRETER) else interpreter,
            call_time=tracker.get_slot("handoff_call_time") or "any",
        ), clock.now())
        contact = default_handoffs().contacts.get(case.contact_id)
        dispatcher.utter_message(
            response="utter_handoff_sent", code=case.code, unit=contact.unit if contact else "",
            deliver=case.deliver_at.isoformat(), expect=case.escalate_at.isoformat(),
        )
        return reset_handoff_slots()
