"""Count SMS segments the way the network does, and split long replies into pages.

A message is sent in GSM-7 when every character is in the GSM 03.38 basic
table or its extension table (extension characters take two septets);
otherwise the whole message goes as UCS-2. Norwegian æøåÆØÅ are in the basic
table, so Norwegian stays GSM-7; Arabic, Urdu, Ukrainian, Tigrinya and Polish
letters such as ą or ł force UCS-2. UCS-2 counts UTF-16 code units, so an
emoji costs two.

Single message: 160 septets (GSM-7) or 70 units (UCS-2); concatenated
messages carry a header and hold 153 or 67 per segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"
_BASIC = frozenset(GSM7_BASIC)
_EXTENSION = frozenset(GSM7_EXTENSION)

GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


# Typographic characters outside GSM-7 with a plain equivalent inside it. One
# «» in a Norwegian reply would otherwise make the whole SMS UCS-2 and cut its
# room per segment from 153 to 67 characters (Twilio's "smart encoding" does
# the same kind of replacement).
GSM7_SUBSTITUTES = {
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "–": "-", "—": "-", "…": "...", "•": "-", "\u00a0": " ", "\u202f": " ",
}


def prefer_gsm7(text: str) -> str:
    """``text`` with typographic characters replaced by GSM-7 equivalents."""
    return "".join(GSM7_SUBSTITUTES.get(char, char) for char in text)


@dataclass(frozen=True)
class SegmentCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets or UTF-16 code units
    segments: int


def is_gsm7(text: str) -> bool:
    return all(char in _BASIC or char in _EXTENSION for char in text)


def _units(text: str, gsm7: bool) -> int:
    if gsm7:
        return sum(2 if char in _EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def count_segments(text: str) -> SegmentCount:
    gsm7 = is_gsm7(text)
    units = _units(text, gsm7)
    single, multi = (GSM7_SINGLE, GSM7_MULTI) if gsm7 else (UCS2_SINGLE, UCS2_MULTI)
    segments = 1 if units <= single else -(-units // multi)
    return SegmentCount("GSM-7" if gsm7 else "UCS-2", units, max(segments, 1))


def capacity(gsm7: bool, segments: int) -> int:
    """How many units fit in ``segments`` segments."""
    if segments == 1:
        return GSM7_SINGLE if gsm7 else UCS2_SINGLE
    return (GSM7_MULTI if gsm7 else UCS2_MULTI) * segments


def _cut(text: str, budget: int, gsm7: bool) -> int:
    """The longest prefix length within ``budget`` units, ending at a natural break."""
    used = 0
    end = 0
    for index, char in enumerate(text):
        used += _units(char, gsm7)
        if used > budget:
            break
        end = index + 1
    if end >= len(text):
        return end
    window = text[:end]
    for breaks in ("\n", ". ", "? ", "! ", "، ", "። ", "۔ ", " "):
        position = window.rfind(breaks)
        if position > end // 3:
            return position + len(breaks)
    return end


def paginate(text: str, more_hint: str, max_segments: int = 2) -> List[str]:
    """Split ``text`` into pages of at most ``max_segments`` segments each.

    Every page but the last ends with ``more_hint`` ("Svar MER ..."), which is
    counted in the budget. The encoding is decided over the whole reply, so
    one UCS-2 character makes every page UCS-2, as it would on the phone.
    """
    text = text.strip()
    gsm7 = is_gsm7(text + more_hint)
    budget = capacity(gsm7, max_segments)
    if _units(text, gsm7) <= budget:
        return [text]
    hint = "\n" + more_hint
    pages: List[str] = []
    rest = text
    while rest:
        if _units(rest, gsm7) <= budget:
            pages.append(rest)
            break
        cut = _cut(rest, budget - _units(hint, gsm7), gsm7)
        pages.append(rest[:cut].rstrip() + hint)
        rest = rest[cut:].lstrip()
    return pages


def as_sms_text(messages: List[Dict[str, Any]]) -> str:
    """Texts and numbered buttons of one turn as one SMS text (payloads stay
    hidden; a resident answers with the number)."""
    parts: List[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(message["text"])
        buttons = message.get("buttons") or []
        if buttons:
            parts.append("\n".join(f"{n}. {b.get('title', '')}" for n, b in enumerate(buttons, 1)))
    return prefer_gsm7("\n".join(part for part in parts if part).strip())


# WhatsApp's longest message body.
WHATSAPP_MAX_CHARACTERS = 4096


def split_for_whatsapp(text: str, limit: int = WHATSAPP_MAX_CHARACTERS) -> List[str]:
    """WhatsApp has no segments: ``text`` whole, or cut at line breaks (or,
    for one over-long line, at the limit) into messages of at most ``limit``."""
    parts: List[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > limit:
            parts.append(current)
            joined = line
        current = joined
    if current:
        parts.append(current)
    return parts
