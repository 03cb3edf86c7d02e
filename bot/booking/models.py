"""What a booking is, independent of where it is stored."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import List, Optional

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud and typed on phones.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6


CODE_DIGITS = "".join(char for char in CODE_ALPHABET if char.isdigit())


def new_code(length: int = CODE_LENGTH) -> str:
    """A code with at least one digit, so it can be told apart from words."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if any(char in CODE_DIGITS for char in code) and any(char.isalpha() for char in code):
            return code


def normalize_code(text: str) -> str:
    """What a resident types ("k7q-3xm ") as a comparable code."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


@dataclass(frozen=True)
class BookingRequest:
    session_id: str
    seats: int
    """Places taken in the session: adults (and children at åpen barnehage)."""
    phone: str
    idempotency_key: str
    """The same key always gives the same booking (a retried webhook books once)."""
    adults: int = 1
    children_ages: List[int] = field(default_factory=list)
    first_name: Optional[str] = None
    interpreter_language: Optional[str] = None
    language: str = "nb"


@dataclass(frozen=True)
class Booking:
    code: str
    session_id: str
    seats: int
    phone: str
    adults: int
    children_ages: List[int]
    first_name: Optional[str]
    interpreter_language: Optional[str]
    language: str
    status: str  # "confirmed", "waiting" (on the waitlist) or "cancelled"
    created_at: str

    @classmethod
    def from_request(cls, request: BookingRequest, code: str) -> "Booking":
        return cls(
            code=code,
            session_id=request.session_id,
            seats=request.seats,
            phone=request.phone,
            adults=request.adults,
            children_ages=list(request.children_ages),
            first_name=request.first_name,
            interpreter_language=request.interpreter_language,
            language=request.language,
            status="confirmed",
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Booking":
        data = json.loads(text)
        # Redis' cjson writes an empty list as {}.
        data["children_ages"] = list(data.get("children_ages") or [])
        return cls(**data)


@dataclass(frozen=True)
class BookingOutcome:
    status: str
    """"booked", "duplicate" (the same request again: the earlier booking),
    "waitlisted" (full; kept as a waiting booking) or "full"."""
    booking: Optional[Booking] = None

    @property
    def ok(self) -> bool:
        """A seat is (or already was) reserved."""
        return (self.status in ("booked", "duplicate") and self.booking is not None
                and self.booking.status == "confirmed")


def anonymized(booking: Booking) -> Booking:
    """A cancelled booking without anything that points to a person."""
    return replace(booking, phone="", first_name=None, children_ages=[], interpreter_language=None,
                   status="cancelled")
