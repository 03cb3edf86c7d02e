"""The rules of a handoff, as plain Python the actions, the SMS channel and
the case worker call (the store, contacts and outbox are passed in).

- A case goes to the contact who answers for the service in the resident's
  bydel, preferring one who speaks the resident's language, else to the
  bydel's fallback contact.
- It is delivered (one staff SMS) at once inside the contact's working
  hours, otherwise when the next working window opens; holidays and
  absences count.
- Not taken (OK) within ``escalate_minutes`` of the contact's working time,
  it goes to the bydel's fallback contact, and the first contact is told.
- Every SMS goes through the outbox under a key made of the case code and
  the step, so a retried step never sends twice.
- Every step is written to the audit log (who, what, which case; no text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Callable, Dict, List, Optional

from bot.catalog import load_catalog
from bot.handoff.contacts import Contact, Contacts
from bot.handoff.hours import add_working_minutes, next_opening
from bot.handoff.models import CONSENT_SCOPE, AuditEntry, Case, CaseStatus, new_case_code
from bot.handoff.store import CaseStore
from bot.languages import ENDONYMS, SOURCE_LANGUAGE
from bot.nlg import render_outside_turn
from bot.outbox.models import Kind
from bot.outbox.queue import queue_response
from bot.outbox.store import Outbox
from bot.sms import SMS_CHANNEL

CALL_TIMES = ("morning", "midday", "afternoon", "any")
RESIDENT = "resident"
SYSTEM = "system"


@dataclass(frozen=True)
class CaseRequest:
    """What the resident agreed to share."""

    conversation: str
    phone: str
    language: str
    service_id: str
    bydel: Optional[str]
    message: Optional[str] = None
    children_ages: List[int] = field(default_factory=list)
    interpreter: Optional[str] = None
    call_time: str = "any"


@dataclass(frozen=True)
class Said:
    """A response to send back, with its values."""

    response: str
    values: Dict[str, Any] = field(default_factory=dict)


def call_time_text(call_time: Optional[str], language: str) -> str:
    key = call_time if call_time in CALL_TIMES else "any"
    return render_outside_turn(f"utter_handoff_call_time_{key}", language, SMS_CHANNEL).get("text") or ""


class Handoffs:
    def __init__(self, store: CaseStore, contacts: Callable[[], Contacts], outbox: Outbox,
                 escalate_minutes: int) -> None:
        self.store = store
        self._contacts = contacts
        self.outbox = outbox
        self.escalate_minutes = escalate_minutes

    @property
    def contacts(self) -> Contacts:
        return self._contacts()

    # -- routing -------------------------------------------------------------

    def route(self, service_id: str, bydel: Optional[str], language: str) -> Contact:
        contacts = self.contacts
        answering = [c for c in contacts.in_bydel(bydel or "") if service_id in c.services]
        speaking = [c for c in answering if language in c.languages]
        return (speaking or answering or [contacts.fallback_for(bydel or "")])[0]

    def _schedule(self, case: Case, contact: Contact, now: datetime) -> Case:
        deliver_at = next_opening(contact, now)
        return replace(case, contact_id=contact.id, status=CaseStatus.WAITING, deliver_at=deliver_at,
                       escalate_at=add_working_minutes(contact, deliver_at, self.escalate_minutes))

    # -- the resident's request ------------------------------------------------

    def open(self, request: CaseRequest, now: datetime) -> Case:
        contact = self.route(request.service_id, request.bydel, request.language)
        case = self._schedule(Case(
            code=self._unused_code(), conversation=request.conversation, phone=request.phone,
            language=request.language, service_id=request.service_id,
            bydel=request.bydel or self.contacts.default_bydel, contact_id=contact.id,
            consent_scope=list(CONSENT_SCOPE), created=now, deliver_at=now, escalate_at=now,
            message=request.message, message_language=request.language if request.message else None,
            children_ages=list(request.children_ages), interpreter=request.interpreter,
            call_time=request.call_time,
        ), contact, now)
        self.store.add(case)
        self._audit(now, case.code, "created", RESIDENT, contact.id)
        if case.deliver_at <= now:
            return self._deliver(case, now) or case
        return case

    def _unused_code(self) -> str:
        while True:
            code = new_case_code()
            if self.store.get(code) is None:
                return code

    def latest_open(self, conversation: str) -> Optional[Case]:
        open_cases = [c for c in self.store.for_conversation(conversation) if c.is_open]
        return open_cases[-1] if open_cases else None

    def withdraw(self, conversation: str, now: datetime) -> Optional[Case]:
        """The resident's latest open case, withdrawn (None when there is none)."""
        case = self.latest_open(conversation)
        return self._withdraw(case, now) if case is not None else None

    def _withdraw(self, case: Case, now: datetime) -> Optional[Case]:
        done = self.store.update(case.code, lambda c: replace(c, status=CaseStatus.WITHDRAWN) if c.is_open else None)
        if done is None:
            return None
        self._audit(now, done.code, "withdrawn", RESIDENT)
        if case.status != CaseStatus.WAITING:  # a staff member has it: tell them
            self._to_staff(self.contacts.get(done.claimed_by or done.contact_id), "utter_staff_withdrawn",
                           f"case:{done.code}:withdrawn", code=done.code)
        return done

    def forget(self, conversation: str, now: datetime) -> int:
        """Deletion on request: withdraw open cases, strip number and words."""
        cases = self.store.for_conversation(conversation)
        for case in cases:
            if case.is_open:
                self._withdraw(case, now)
            self.store.update(case.code, lambda c: c.anonymized())
        return len(cases)

    # -- delivery and escalation (the case worker) ----------------------------

    def run_due(self, now: datetime) -> None:
        for case in self.store.open_cases():
            if case.status == CaseStatus.WAITING and case.deliver_at <= now:
                self._deliver(case, now)
            elif case.status == CaseStatus.SENT and not case.escalated and case.escalate_at <= now:
                self._escalate(case, now)

    def _deliver(self, case: Case, now: datetime) -> Optional[Case]:
        contact = self.contacts.get(case.contact_id)
        if contact is None:  # removed from contacts.yml since: the fallback takes it
            contact = self.contacts.fallback_for(case.bydel)
            case = self.store.update(case.code, lambda c: self._schedule(c, contact, now)) or case
        # Queued first, under a key: a crash before the update re-queues nothing new.
        self._to_staff(contact, "utter_staff_case", f"case:{case.code}:to:{contact.id}", **self._staff_values(case))
        delivered = self.store.update(case.code, lambda c: replace(c, status=CaseStatus.SENT)
                                      if c.status == CaseStatus.WAITING else None)
        if delivered is not None:
            self._audit(now, case.code, "delivered", SYSTEM, contact.id)
        return delivered

    def _escalate(self, case: Case, now: datetime) -> None:
        first = self.contacts.get(case.contact_id)
        fallback = self.contacts.fallback_for(case.bydel)
        if first is not None and fallback.id == first.id:
            self.store.update(case.code, lambda c: replace(c, escalated=True))
            return
        moved = self.store.update(case.code, lambda c: replace(
            self._schedule(c, fallback, now), escalated=True, forwarded_from=c.contact_id,
        ) if c.status == CaseStatus.SENT else None)
        if moved is None:
            return
        self._audit(now, case.code, "escalated", SYSTEM, fallback.id)
        self._to_staff(first, "utter_staff_escalated", f"case:{case.code}:escalated",
                       code=case.code, name=fallback.name, unit=fallback.unit)
        if moved.deliver_at <= now:
            self._deliver(moved, now)

    # -- staff commands ----------------------------------------------------------

    def claim(self, contact: Contact, case: Case, now: datetime) -> Said:
        claimed = self.store.update(case.code, lambda c: replace(
            c, status=CaseStatus.CLAIMED, claimed_by=contact.id,
        ) if c.status in (CaseStatus.SENT, CaseStatus.WAITING) else None)
        if claimed is None:
            return Said("utter_staff_not_yours", {"code": case.code})
        self._audit(now, case.code, "claimed", contact.id)
        self._to_resident(claimed, "utter_handoff_claimed", f"case:{case.code}:claimed:{contact.id}",
                          name=contact.name, role=contact.role, unit=contact.unit,
                          call_time=call_time_text(claimed.call_time, claimed.language))
        return Said("utter_staff_claimed", {"code": case.code})

    def plan_call(self, contact: Contact, case: Case, at: datetime, now: datetime) -> Said:
        planned = self.store.update(case.code, lambda c: replace(
            c, status=CaseStatus.CLAIMED, claimed_by=contact.id, call_at=at,
        ) if c.is_open else None)
        if planned is None:
            return Said("utter_staff_case_not_open", {"code": case.code})
        self._audit(now, case.code, "call_planned", contact.id)
        response = "utter_handoff_call_planned_interpreter" if planned.interpreter else "utter_handoff_call_planned"
        self._to_resident(planned, response, f"case:{case.code}:call:{planned.version}",
                          name=contact.name, call=at.isoformat())
        return Said("utter_staff_call_planned", {"code": case.code, "call": at.isoformat()})

    def close(self, contact: Contact, case: Case, now: datetime) -> Said:
        closed = self.store.update(case.code, lambda c: replace(c, status=CaseStatus.CLOSED) if c.is_open else None)
        if closed is None:
            return Said("utter_staff_case_not_open", {"code": case.code})
        self._audit(now, case.code, "closed", contact.id)
        self._to_resident(closed, "utter_handoff_closed", f"case:{case.code}:closed")
        return Said("utter_staff_closed", {"code": case.code})

    def forward(self, contact: Contact, case: Case, target: Contact, now: datetime) -> Said:
        moved = self.store.update(case.code, lambda c: replace(
            self._schedule(c, target, now), forwarded_from=contact.id, claimed_by=None, escalated=False,
        ) if c.is_open else None)
        if moved is None:
            return Said("utter_staff_case_not_open", {"code": case.code})
        self._audit(now, case.code, "forwarded", contact.id, target.id)
        self._to_resident(moved, "utter_handoff_forwarded", f"case:{case.code}:forwarded:{target.id}",
                          unit=target.unit)
        if moved.deliver_at <= now:
            self._deliver(moved, now)
        return Said("utter_staff_forwarded", {"code": case.code, "name": target.name, "unit": target.unit})

    def find_contact(self, text: str) -> Optional[Contact]:
        """A contact by id, name or role («videre K7M3 helsesykepleier»), in the same bydel first."""
        wanted = text.strip().lower()
        if not wanted:
            return None
        for contact in self.contacts.all:
            if wanted in (contact.id, contact.name.lower(), contact.role.lower()):
                return contact
        return None

    # -- sending -------------------------------------------------------------------

    def _staff_values(self, case: Case) -> Dict[str, Any]:
        catalog = load_catalog()
        service = catalog.get(case.service_id)
        contact = self.contacts.get(case.contact_id)
        return {
            "code": case.code,
            "topic": service.name if service else case.service_id,
            "unit": contact.unit if contact else case.bydel,
            "resident_language": f"{case.language} ({ENDONYMS.get(case.language, case.language)})",
            "interpreter": ENDONYMS.get(case.interpreter or "", "-"),
            "ages": ", ".join(str(age) for age in case.children_ages) or "-",
            "call_time": call_time_text(case.call_time, SOURCE_LANGUAGE),
            "phone": case.phone,
            "message_language": ENDONYMS.get(case.message_language or "", "-"),
            "message": case.message or "-",
        }

    def _to_staff(self, contact: Optional[Contact], response: str, key: str, **values: Any) -> None:
        if contact is not None:
            queue_response(contact.phone, response, SOURCE_LANGUAGE, key=key, kind=Kind.STAFF.value,
                           outbox=self.outbox, **values)

    def _to_resident(self, case: Case, response: str, key: str, **values: Any) -> None:
        if case.phone:
            queue_response(case.phone, response, case.language, key=key, kind=Kind.CASE.value,
                           outbox=self.outbox, code=case.code, **values)

    def _audit(self, now: datetime, code: str, action: str, actor: str, detail: str = "") -> None:
        self.store.audit(AuditEntry(at=now, code=code, action=action, actor=actor, detail=detail))
