"""What to do when Twilio refuses a message: plain rules that tests call."""

from __future__ import annotations

import random
from enum import Enum
from typing import Optional

# Twilio error codes (https://www.twilio.com/docs/api/errors).
OPTED_OUT_CODE = 21610  # the recipient replied STOP to the carrier
RATE_LIMIT_CODES = frozenset({14107, 20429})  # too many messages / requests
TOO_MANY_REQUESTS = 429
# The longest wait between two attempts, so a long outage is noticed soon after.
MAX_BACKOFF_SECONDS = 15 * 60


class Outcome(str, Enum):
    OPTED_OUT = "opted_out"
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


def classify(http_status: Optional[int], code: Optional[int]) -> Outcome:
    if code == OPTED_OUT_CODE:
        return Outcome.OPTED_OUT
    if http_status == TOO_MANY_REQUESTS or code in RATE_LIMIT_CODES:
        return Outcome.RATE_LIMITED
    if http_status is None or http_status >= 500:
        return Outcome.TRANSIENT
    # Any other 4xx (invalid number, not a mobile, no permission) will fail
    # the same way again.
    return Outcome.PERMANENT


def backoff_seconds(attempt: int, base: float, jitter: Optional[random.Random] = None) -> float:
    """Exponential back-off with up to 20 % jitter, so that many messages
    failed by one outage do not all come back at the same moment."""
    delay = min(base * 2 ** max(attempt - 1, 0), MAX_BACKOFF_SECONDS)
    return delay * (1 + 0.2 * (jitter or random).random())
