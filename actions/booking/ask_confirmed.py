"""Shows the summary and asks the resident to confirm."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import resident_phone, session_values
from bot.booking.answers import NO_INTERPRETER
from bot.booking.events import load_events
from bot.languages import ENDONYMS
from bot.sms import SMS_CHANNEL


class ActionAskBookingConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_booking_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        session = load_events().get(tracker.get_slot("booking_session") or "")
        interpreter = tracker.get_slot("booking_interpreter")
        # On SMS the phone is the sender's, and the variation leaves it out.
        phone = {} if tracker.get_latest_input_channel() == SMS_CHANNEL else {"phone": resident_phone(tracker) or "-"}
        dispatcher.utter_message(
            response="utter_ask_booking_confirmed",
            **(session_values(session) if session else {}),
            adults=int(tracker.get_slot("booking_adults") or 1),
            interpreter=ENDONYMS.get(interpreter, "-") if interpreter != NO_INTERPRETER else "-",
            **phone,
        )
        return []
