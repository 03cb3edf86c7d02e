"""Validates every answer of the handoff questions; all but consent may be skipped."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.booking.common import resident_phone
from actions.handoff.common import language_of
from actions.validation import answer_text, checked
from bot.booking.answers import is_skip, parse_interpreter, parse_phone, parse_yes_no
from bot.handoff.service import CALL_TIMES
from bot.offers import choice_number, parse_children_ages
from bot.sms import SMS_CHANNEL

SKIPPED = "-"
# A message to staff is a few sentences; an SMS is at most 1,600 characters.
MAX_MESSAGE_CHARACTERS = 600


class ValidateHandoffForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_handoff_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        if tracker.get_slot("handoff_consent") is False:
            return []  # no consent: nothing more is asked or shared
        slots = list(domain_slots)
        if resident_phone(tracker) and tracker.get_latest_input_channel() == SMS_CHANNEL:
            slots.remove("handoff_phone")  # the SMS sender is the number
        return slots

    def validate_handoff_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("handoff_consent", parse_yes_no(answer_text(value)), dispatcher)

    def validate_handoff_message(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = answer_text(value).strip()
        return {"handoff_message": SKIPPED if is_skip(text) else text[:MAX_MESSAGE_CHARACTERS]}

    def validate_handoff_children_ages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if is_skip(answer_text(value)):
            return {"handoff_children_ages": []}
        ages, _ = parse_children_ages(answer_text(value))
        return checked("handoff_children_ages", ages if ages else None, dispatcher)

    def validate_handoff_interpreter(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("handoff_interpreter", parse_interpreter(answer_text(value), language_of(tracker)), dispatcher)

    def validate_handoff_call_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        index = choice_number(answer_text(value), len(CALL_TIMES))
        return checked("handoff_call_time", CALL_TIMES[index] if index is not None else None, dispatcher)

    def validate_handoff_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("handoff_phone", parse_phone(answer_text(value)), dispatcher)
