"""Cancel a booking (by code, or chosen from the resident's list) and list bookings."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.booking.common import now, resident_phone, session_values
from bot.booking.answers import find_booking_code
from bot.booking.events import load_events
from bot.booking.store import default_booking_store
from bot.outbox.models import Kind
from bot.outbox.queue import queue_response
from bot.sms import SMS_CHANNEL


def offer_freed_places(store, session_id: str) -> None:
    """A cancellation frees places: give them to the waitlist, and tell them by SMS."""
    session = load_events().get(session_id)
    if session is None or session.start <= now():
        return
    for booking in store.promote_waiting(session_id, session.capacity):
        queue_response(booking.phone, "utter_sms_waitlist_promoted", booking.language,
                       key=f"promoted:{booking.code}", kind=Kind.CONFIRMATION.value,
                       code=booking.code, **session_values(session))


def _upcoming_bookings(tracker: Tracker):
    phone = resident_phone(tracker)
    if not phone:
        return []
    calendar = load_events()
    found = []
    for booking in default_booking_store().for_phone(phone):
        session = calendar.get(booking.session_id)
        if booking.status in ("confirmed", "waiting") and session and session.end >= now():
            found.append((booking, session))
    return sorted(found, key=lambda pair: pair[1].start)


class ActionCancelBooking(Action):
    """By code ("avbestill K7HM3X" or a list button); otherwise lists what can be cancelled."""

    def name(self) -> Text:
        return "action_cancel_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        code = next(tracker.get_latest_entity_values("booking_code"), None) or find_booking_code(
            tracker.latest_message.get("text") or ""
        )
        store = default_booking_store()
        if code:
            booking = store.get(code)
            phone = resident_phone(tracker)
            # On SMS only the number that booked may cancel; on the web the code is the key.
            allowed = booking and (tracker.get_latest_input_channel() != SMS_CHANNEL or booking.phone == phone)
            cancelled = store.cancel(code) if allowed else None
            if cancelled:
                dispatcher.utter_message(response="utter_booking_cancelled", code=cancelled.code)
                offer_freed_places(store, cancelled.session_id)
            else:
                dispatcher.utter_message(response="utter_booking_unknown_code")
            return []
        bookings = _upcoming_bookings(tracker)
        if not bookings:
            dispatcher.utter_message(response="utter_booking_none")
            return []
        choices = [
            {"response": "utter_booking_session_choice",
             "payload": f'/cancel_booking{{"booking_code": "{booking.code}"}}',
             "values": session_values(session)}
            for booking, session in bookings
        ]
        dispatcher.utter_message(response="utter_booking_cancel_which", choices=choices)
        return []


class ActionListBookings(Action):
    def name(self) -> Text:
        return "action_list_bookings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        bookings = _upcoming_bookings(tracker)
        if not bookings:
            dispatcher.utter_message(response="utter_booking_none")
            return []
        dispatcher.utter_message(response="utter_booking_list")
        for booking, session in bookings:
            dispatcher.utter_message(response="utter_booking_item", code=booking.code, **session_values(session))
        return []
