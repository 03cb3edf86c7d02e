"""A keyed hash that stands for a phone number where the number is not needed.

Opt-out records (and, later, conversation ids) must recognise a number
without storing it. An HMAC with a secret key does that: without the key the
hash cannot be turned back into a number by trying all 10^8 Norwegian mobile
numbers. The key comes from ``INNGANG_NUMBER_HASH_KEY``; on a developer's
machine without it, a random key is made once and kept in the data directory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from typing import Optional

from bot.config import Settings, load_settings

KEY_FILE_NAME = "number-hash.key"


def _stored_key(settings: Settings) -> str:
    path = settings.data_dir / KEY_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Exclusive create: when two processes start at once, one key wins.
        with open(path, "x", encoding="utf-8") as handle:
            os.chmod(path, 0o600)
            handle.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_text(encoding="utf-8").strip()


def number_hash_key(settings: Settings) -> str:
    return settings.number_hash_key or _stored_key(settings)


def hash_number(number: str, key: str) -> str:
    """The same number (however it was written) gives the same hash."""
    normalized = "".join(char for char in number if char.isdigit() or char == "+")
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()[:32]


@lru_cache(maxsize=1)
def default_number_key() -> str:
    """The process-wide key, read on first use (tests call cache_clear)."""
    return number_hash_key(load_settings())


WHATSAPP_PREFIX = "whatsapp:"


def number_id(number: str, key: Optional[str] = None) -> str:
    """The keyed hash of a number (with the process-wide key unless given)."""
    return hash_number(number, key or default_number_key())


def is_whatsapp(address: str) -> bool:
    """Twilio writes a WhatsApp sender as ``whatsapp:+47…``."""
    return address.startswith(WHATSAPP_PREFIX)


def phone_of(address: str) -> str:
    """The phone number of an SMS or WhatsApp address."""
    return address[len(WHATSAPP_PREFIX):] if is_whatsapp(address) else address


def conversation_id(address: str, key: Optional[str] = None) -> str:
    """The conversation of an SMS or WhatsApp sender, without the number in it.

    The channel is part of the id: a resident who writes on both has two
    conversations, each answered on the channel it came from.
    """
    return ("wa-" if is_whatsapp(address) else "sms-") + number_id(phone_of(address), key)
