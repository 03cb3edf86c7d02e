"""Lists the next sessions with free places as a numbered list."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import open_sessions, reset_booking_slots, session_values
from bot.booking.events import load_events
from bot.booking.store import default_booking_store


class ActionAskBookingSession(Action):
    """Asks which session; ends the form when none has a free place."""

    def name(self) -> Text:
        return "action_ask_booking_session"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        store = default_booking_store()
        kind = tracker.get_slot("booking_kind") or "application_evening"
        sessions = open_sessions(load_events(), store, kind)
        if not sessions:
            dispatcher.utter_message(response="utter_booking_no_sessions")
            return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_booking_slots()]
        choices = [
            {"response": "utter_booking_session_choice", "payload": str(n),
             "values": session_values(session, store.seats_taken(session.id))}
            for n, session in enumerate(sessions, 1)
        ]
        dispatcher.utter_message(response="utter_ask_booking_session", choices=choices)
        return [SlotSet("booking_offered", [session.id for session in sessions])]
