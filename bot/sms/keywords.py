"""SMS keywords: a whole message of one word that the channel answers itself.

STOP, STOPP and SLUTT opt out (Norwegian rules require STOP and STOPP),
START opts back in, HJELP and HELP get a short help text, SLETT and DELETE
ask whether to delete the resident's data (done after a yes). Case does not
matter; a trailing "." or "!" is allowed (phones add them). "HJELP!!" with
two marks is a cry, not the keyword: it goes to the crisis detector.
"""

from __future__ import annotations

import re
from typing import Optional

STOP, START, HELP, DELETE = "stop", "start", "help", "delete"
# Input vocabulary, not text shown to residents.
KEYWORDS = {
    "stop": STOP, "stopp": STOP, "slutt": STOP,
    "start": START,
    "hjelp": HELP, "help": HELP,
    "slett": DELETE, "delete": DELETE,
}
_KEYWORD = re.compile(r"^\s*([^\W\d_]+)\s*[.!]?\s*$", re.UNICODE)


def keyword_of(body: str) -> Optional[str]:
    """``stop``, ``start``, ``help`` or ``delete`` when the whole message is that keyword."""
    match = _KEYWORD.match(body or "")
    return KEYWORDS.get(match.group(1).lower()) if match else None


# Words residents may answer to get the next page (input vocabulary).
MORE_WORDS = frozenset({
    "mer", "meir", "more", "więcej", "wiecej", "більше", "dheeraad", "wax", "المزيد",
    "مزيد", "مزید", "ተወሳኺ", "ተወሰኺ",
})
