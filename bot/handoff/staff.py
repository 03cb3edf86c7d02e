"""SMS commands from staff, accepted only from numbers in contacts.yml.

    OK <code>                    take the case; the resident is told who and when
    RING <code> <when>           tell the resident when the call comes
    FERDIG <code>                close the case
    VIDERE <code> <name/role>    forward it, with the same consent

Answers to staff are domain responses named ``utter_staff_*``: staff work in
Norwegian, so these are not translated (babel.cfg skips them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from bot.handoff.contacts import Contact
from bot.handoff.models import find_case_code
from bot.handoff.service import Handoffs, Said
from bot.handoff.when import parse_call_time

STAFF_RESPONSE_PREFIX = "utter_staff_"
CLAIM, CALL, CLOSE, FORWARD = "claim", "call", "close", "forward"
# Input vocabulary (what staff type).
_COMMANDS = {"ok": CLAIM, "ring": CALL, "ferdig": CLOSE, "videre": FORWARD}
_COMMAND = re.compile(r"^\s*(ok|ring|ferdig|videre)\s+(\S+)(?:[\s.:,-]+(.*))?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class StaffCommand:
    name: str
    code: str
    rest: str


def parse_staff_command(text: str) -> Optional[StaffCommand]:
    """A command with a case code (4 characters, a digit and a letter), else
    None: «ok help me» from anyone is a message, never a command."""
    match = _COMMAND.match(text or "")
    code = find_case_code(match.group(2)) if match else None
    if not match or code is None or len(match.group(2).strip(".,:")) != len(code):
        return None
    return StaffCommand(_COMMANDS[match.group(1).lower()], code, (match.group(3) or "").strip())


def answer_staff(handoffs: Handoffs, contact: Contact, text: str, now: datetime) -> Said:
    command = parse_staff_command(text)
    if command is None:
        return Said("utter_staff_help")
    case = handoffs.store.get(command.code)
    if case is None:
        return Said("utter_staff_unknown_case", {"code": command.code})
    if not case.is_open:
        return Said("utter_staff_case_not_open", {"code": case.code})
    if case.claimed_by and case.claimed_by != contact.id:
        return Said("utter_staff_not_yours", {"code": case.code})
    if command.name == CLAIM:
        return handoffs.claim(contact, case, now)
    if command.name == CLOSE:
        return handoffs.close(contact, case, now)
    if command.name == CALL:
        at = parse_call_time(command.rest, now)
        if at is None:
            return Said("utter_staff_bad_time", {"code": case.code})
        return handoffs.plan_call(contact, case, at, now)
    target = handoffs.find_contact(command.rest)
    if target is None:
        return Said("utter_staff_unknown_contact", {"target": command.rest})
    return handoffs.forward(contact, case, target, now)
