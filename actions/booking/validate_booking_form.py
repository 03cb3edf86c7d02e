"""Validates every answer of the booking form; bad input is asked again."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.booking.common import now, resident_phone
from actions.validation import answer_text, checked
from bot.booking.answers import parse_adults, parse_first_name, parse_interpreter, parse_phone, parse_yes_no
from bot.booking.events import load_events
from bot.languages import SOURCE_LANGUAGE
from bot.offers import choice_number, parse_children_ages
from bot.sms import SMS_CHANNEL


class ValidateBookingForm(FormValidationAction):
    """One validator per question; nothing is stored until the final yes."""

    def name(self) -> Text:
        return "validate_booking_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        slots = list(domain_slots)
        if tracker.get_slot("booking_kind") != "open_kindergarten":
            slots.remove("booking_children_ages")
        if resident_phone(tracker) and tracker.get_latest_input_channel() == SMS_CHANNEL:
            slots.remove("booking_phone")  # the SMS sender is the number
        return slots

    def validate_booking_session(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        offered = tracker.get_slot("booking_offered") or []
        index = choice_number(answer_text(value), len(offered))
        chosen: Optional[str] = offered[index] if index is not None else None
        if chosen is None and answer_text(value) in offered:
            chosen = answer_text(value)
        session = load_events().get(chosen or "")
        if session is None or session.start <= now():
            # Listed earlier, but it has started (or was removed) since.
            chosen = None
        return checked("booking_session", chosen, dispatcher)

    def validate_booking_adults(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        adults = parse_adults(answer_text(value))
        return checked("booking_adults", float(adults) if adults else None, dispatcher)

    def validate_booking_children_ages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        ages, _ = parse_children_ages(answer_text(value))
        return checked("booking_children_ages", ages if ages else None, dispatcher)

    def validate_booking_interpreter(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        language = tracker.get_slot("language") or SOURCE_LANGUAGE
        return checked("booking_interpreter", parse_interpreter(answer_text(value), language), dispatcher)

    def validate_booking_first_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"booking_first_name": parse_first_name(answer_text(value))}

    def validate_booking_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("booking_phone", parse_phone(answer_text(value)), dispatcher)

    def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("booking_confirmed", parse_yes_no(answer_text(value)), dispatcher)
