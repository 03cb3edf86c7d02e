"""The resident's side of a case: where it stands («min sak») and withdrawing it («avbryt saken»)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import clock
from bot.handoff.factory import default_handoffs
from bot.handoff.models import Case, CaseStatus, find_case_code


def _case(tracker: Tracker) -> Optional[Case]:
    """The case named by its code in the message (if it is this resident's), else the latest open one."""
    handoffs = default_handoffs()
    code = find_case_code(tracker.latest_message.get("text") or "")
    mine = handoffs.store.for_conversation(tracker.sender_id)
    named = [case for case in mine if case.code == code]
    if named:
        return named[0]
    return handoffs.latest_open(tracker.sender_id) or (mine[-1] if mine else None)


class ActionCaseStatus(Action):
    def name(self) -> Text:
        return "action_case_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = _case(tracker)
        if case is None:
            dispatcher.utter_message(response="utter_handoff_no_case")
            return []
        contacts = default_handoffs().contacts
        contact = contacts.get(case.claimed_by or case.contact_id)
        values = {"code": case.code, "unit": contact.unit if contact else "", "name": contact.name if contact else "",
                  "role": contact.role if contact else ""}
        if case.status in (CaseStatus.WAITING, CaseStatus.SENT):
            dispatcher.utter_message(response="utter_handoff_status_waiting", **values)
        elif case.status == CaseStatus.CLAIMED and case.call_at:
            dispatcher.utter_message(response="utter_handoff_status_planned", call=case.call_at.isoformat(), **values)
        elif case.status == CaseStatus.CLAIMED:
            dispatcher.utter_message(response="utter_handoff_status_claimed", **values)
        else:
            dispatcher.utter_message(response="utter_handoff_status_closed", **values)
        return []


class ActionWithdrawCase(Action):
    def name(self) -> Text:
        return "action_withdraw_case"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = default_handoffs().withdraw(tracker.sender_id, clock.now())
        if case is None:
            dispatcher.utter_message(response="utter_handoff_no_case")
        else:
            dispatcher.utter_message(response="utter_handoff_withdrawn", code=case.code)
        return []
