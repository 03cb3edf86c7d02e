"""Validates the answers to the guided "what can you offer me?" questions."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.validation import checked
from bot.offers import parse_bydel, parse_children_ages, parse_situation


class ValidateOffersForm(FormValidationAction):
    """Accepts numbers from the lists or free words in any language."""

    def name(self) -> Text:
        return "validate_offers_form"

    def validate_children_ages(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        ages, situation = parse_children_ages(value if isinstance(value, str) else " ".join(map(str, value or [])))
        # "gravid" answers the next question too.
        return {**checked("children_ages", ages, dispatcher), **({"situation": situation} if situation else {})}

    def validate_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("situation", parse_situation(str(value or "")), dispatcher)

    def validate_bydel(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return checked("bydel", parse_bydel(str(value or "")), dispatcher)
