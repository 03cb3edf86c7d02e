"""The process-wide handoff service, built on first use (tests call cache_clear)."""

from __future__ import annotations

from functools import lru_cache

from bot.config import load_settings
from bot.handoff.contacts import load_contacts
from bot.handoff.service import Handoffs
from bot.handoff.store import default_case_store
from bot.outbox.store import default_outbox


@lru_cache(maxsize=1)
def default_handoffs() -> Handoffs:
    settings = load_settings()
    return Handoffs(default_case_store(), lambda: load_contacts(settings.contacts_file), default_outbox(),
                    settings.handoff_escalate_minutes)
