"""A handoff case: what the resident agreed to share, and where it stands."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any, Dict, List, Optional

from bot.booking.models import CODE_ALPHABET, new_code

CASE_CODE_LENGTH = 4  # short, for staff to type; booking codes have 6
_CASE_CODE = re.compile(rf"(?<![\w])[{CODE_ALPHABET}]{{{CASE_CODE_LENGTH}}}(?![\w])", re.IGNORECASE)
# What the resident agrees to share (the consent's scope, recorded with it).
CONSENT_SCOPE = ("phone", "topic", "message", "children_ages", "interpreter", "call_time")


class CaseStatus(str, Enum):
    WAITING = "waiting"      # outside the contact's hours: sent when they open
    SENT = "sent"            # the contact has the staff SMS
    CLAIMED = "claimed"      # a staff member answered OK
    CLOSED = "closed"        # FERDIG
    WITHDRAWN = "withdrawn"  # the resident took it back


OPEN = frozenset({CaseStatus.WAITING, CaseStatus.SENT, CaseStatus.CLAIMED})


def new_case_code() -> str:
    return new_code(CASE_CODE_LENGTH)


def find_case_code(text: str) -> Optional[str]:
    """A case code in free text (4 characters of the code alphabet, with a
    digit and a letter), in any language."""
    for match in _CASE_CODE.finditer(text or ""):
        code = match.group(0).upper()
        if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
            return code
    return None


@dataclass
class Case:
    code: str
    conversation: str
    phone: str
    language: str
    service_id: str
    bydel: str
    contact_id: str
    consent_scope: List[str]
    created: datetime
    deliver_at: datetime
    escalate_at: datetime
    status: CaseStatus = CaseStatus.WAITING
    message: Optional[str] = None
    message_language: Optional[str] = None
    children_ages: List[int] = field(default_factory=list)
    interpreter: Optional[str] = None
    call_time: Optional[str] = None
    claimed_by: Optional[str] = None
    call_at: Optional[datetime] = None
    escalated: bool = False
    forwarded_from: Optional[str] = None
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def to_json(self) -> Dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        for name in ("created", "deliver_at", "escalate_at", "call_at"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "Case":
        values = dict(data)
        values["status"] = CaseStatus(values["status"])
        for name in ("created", "deliver_at", "escalate_at", "call_at"):
            values[name] = datetime.fromisoformat(values[name]) if values.get(name) else None
        return cls(**values)

    def anonymized(self) -> "Case":
        """What is kept after the resident asks for deletion: no number, no words."""
        return replace(self, conversation="", phone="", message=None, children_ages=[])


@dataclass(frozen=True)
class AuditEntry:
    """Who did what to which case, and when. Never the message text."""

    at: datetime
    code: str
    action: str  # created, delivered, claimed, call_planned, forwarded, escalated, closed, withdrawn
    actor: str   # a contact id, "resident" or "system"
    detail: str = ""  # a contact id for forwards and escalations
