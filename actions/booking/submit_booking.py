"""Stores the booking after the final yes; "full" and "no" store nothing."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import reset_booking_slots, resident_phone, session_values
from bot.booking.answers import NO_INTERPRETER, NO_NAME, ages_list
from bot.booking.events import load_events
from bot.booking.models import BookingRequest
from bot.booking.store import default_booking_store
from bot.languages import SOURCE_LANGUAGE
from bot.outbox.models import Kind
from bot.outbox.queue import queue_response
from bot.sms import SMS_CHANNEL


class ActionSubmitBooking(Action):
    def name(self) -> Text:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        session = load_events().get(tracker.get_slot("booking_session") or "")
        phone = resident_phone(tracker)
        if not tracker.get_slot("booking_confirmed") or session is None or not phone:
            dispatcher.utter_message(response="utter_booking_stopped")
            return reset_booking_slots()

        adults = int(tracker.get_slot("booking_adults") or 1)
        children = ages_list(tracker.get_slot("booking_children_ages"))
        interpreter = tracker.get_slot("booking_interpreter")
        name = tracker.get_slot("booking_first_name")
        request = BookingRequest(
            session_id=session.id,
            # Åpen barnehage counts every person in the room; søknadskveld the adults.
            seats=adults + (len(children) if session.kind == "open_kindergarten" else 0),
            phone=phone,
            # The confirming message: a retried delivery of it books only once.
            idempotency_key=f"{tracker.sender_id}:{tracker.latest_message.get('message_id') or len(tracker.events)}",
            adults=adults,
            children_ages=children,
            first_name=None if name in (None, NO_NAME) else name,
            interpreter_language=None if interpreter in (None, NO_INTERPRETER) else interpreter,
            language=tracker.get_slot("language") or SOURCE_LANGUAGE,
        )
        outcome = default_booking_store().book(request, capacity=session.capacity, waitlist=True)
        if outcome.status == "waitlisted" or (outcome.booking and outcome.booking.status == "waiting"):
            dispatcher.utter_message(
                response="utter_booking_waitlisted", code=outcome.booking.code, **session_values(session)
            )
        elif outcome.ok:
            values = {"code": outcome.booking.code, **session_values(session)}
            dispatcher.utter_message(response="utter_booking_confirmed", **values)
            if outcome.status == "booked" and tracker.get_latest_input_channel() != SMS_CHANNEL:
                # On SMS the reply above is already the confirmation SMS.
                queue_response(phone, "utter_booking_confirmed", request.language,
                               key=f"confirmation:{outcome.booking.code}", kind=Kind.CONFIRMATION.value, **values)
        else:
            dispatcher.utter_message(response="utter_booking_full")
        return reset_booking_slots()
