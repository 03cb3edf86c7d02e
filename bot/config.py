"""Settings read from the environment, in one typed place.

Nothing here connects to anything; factories in ``bot.stores`` and elsewhere
read a :class:`Settings` and build clients when they are first needed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything Inngang reads from the environment."""

    redis_url: Optional[str]
    """Redis for tracker and lock store; unset means embedded SQLite + in-memory lock."""

    data_dir: Path
    """Where embedded stores and the local SMS outbox live."""

    locales_dir: Path
    """gettext catalogs: ``<locales_dir>/<lang>/LC_MESSAGES/messages.mo``."""

    tracker_retention_days: int
    """Conversations expire after this many days without activity, in Redis
    by key expiry and in SQLite by the server's hourly purge (privacy: Rasa
    keeps the full message history)."""

    events_file: Path
    """The editor-owned bookable sessions (content/events.yml)."""

    services_file: Path
    """The editor-owned service catalog (content/services.yml)."""

    server_url: str
    """The running assistant that ``make publish`` loads a new model into."""

    api_token: Optional[str]
    """Rasa's HTTP API token of the running server (``make run`` makes one
    and keeps it in <data_dir>/api-token when this is unset)."""

    domain_dir: Path
    """The domain files whose responses are served (re-read when they change,
    so a text-only edit needs no retraining)."""

    twilio_auth_token: Optional[str]
    """Checks the X-Twilio-Signature of incoming SMS. Unset means no check,
    which is only acceptable on a developer's machine."""

    twilio_account_sid: Optional[str]
    twilio_from_number: Optional[str]
    """With the auth token: send SMS through Twilio. Unset: the local outbox."""

    twilio_api_base_url: Optional[str]
    """Another address for Twilio's REST API (a local fake in tests)."""

    public_url: Optional[str]
    """The address Twilio posts to (https://host), for signature checks
    behind proxies that change scheme, host or port."""

    number_hash_key: Optional[str]
    """Key of the keyed hash (HMAC) that stands for a phone number where the
    number itself is not needed (opt-out records). Unset: a random key made
    once and kept in the data directory, which is enough for one machine."""

    whatsapp_from_number: Optional[str]
    """The WhatsApp sender (``whatsapp:+47…``) for replies to residents who
    write on WhatsApp. Unset: WhatsApp replies use the SMS number's
    ``whatsapp:`` form, which is what a Twilio sandbox expects."""

    outbox_retry_seconds: float
    """The first wait before an SMS whose sending failed is tried again; it
    doubles on each attempt (exponential backoff)."""

    outbox_max_attempts: int
    """After this many failed attempts an SMS is recorded as failed."""

    sms_daily_cap: int
    """Most SMS sent to one number in a day, so a loop or an abuser cannot
    drain the SMS budget."""

    contacts_file: Path
    """The editor-owned contact persons (content/contacts.yml)."""

    handoff_escalate_minutes: int
    """A case no one has taken within this many working minutes of its
    contact goes to the bydel's fallback contact."""

    case_check_seconds: float
    """How often the server looks for cases to deliver (a working window has
    opened) or to escalate."""

    clock_file: Optional[Path]
    """For tests and demonstrations only: a file holding an ISO date and time
    that every process takes as "now" for opening hours, holidays and
    escalation, so that a Saturday evening or 17 May can be tried on any
    day. Unset: the real clock."""

    max_request_bytes: int
    """Requests with a larger body are refused with 413 before they are read
    (a chat message is at most 1,600 characters; see bot/channels/limits.py)."""

    @property
    def sqlite_tracker_path(self) -> Path:
        return self.data_dir / "conversations.db"

    @property
    def kv_path(self) -> Path:
        """The embedded key-value store (SMS dedupe, paging, opt-outs)."""
        return self.data_dir / "kv.db"

    @property
    def cases_path(self) -> Path:
        """The embedded store of handoff cases and their audit log."""
        return self.data_dir / "cases.db"

    @property
    def outbox_path(self) -> Path:
        """The embedded outbox: every outgoing SMS, and the inbound ones
        waiting for their turn."""
        return self.data_dir / "outbox.db"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from error


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ValueError(f"{name} must be a number, got {raw!r}") from error


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env.get(name, "").strip()
    path = Path(raw) if raw else default
    return path if path.is_absolute() else PROJECT_ROOT / path


def _optional_path(env: Mapping[str, str], name: str) -> Optional[Path]:
    return _path(env, name, PROJECT_ROOT) if env.get(name, "").strip() else None


def load_settings(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Read settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    return Settings(
        redis_url=env.get("REDIS_URL", "").strip() or None,
        data_dir=_path(env, "INNGANG_DATA_DIR", PROJECT_ROOT / "var"),
        locales_dir=_path(env, "INNGANG_LOCALES_DIR", PROJECT_ROOT / "locales"),
        tracker_retention_days=_int(env, "INNGANG_TRACKER_RETENTION_DAYS", 30),
        events_file=_path(env, "INNGANG_EVENTS_FILE", PROJECT_ROOT / "content" / "events.yml"),
        services_file=_path(env, "INNGANG_SERVICES_FILE", PROJECT_ROOT / "content" / "services.yml"),
        domain_dir=_path(env, "INNGANG_DOMAIN_DIR", PROJECT_ROOT / "domain"),
        server_url=env.get("INNGANG_SERVER_URL", "").strip().rstrip("/") or "http://localhost:5005",
        api_token=env.get("INNGANG_API_TOKEN", "").strip() or None,
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", "").strip() or None,
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", "").strip() or None,
        twilio_from_number=env.get("TWILIO_FROM_NUMBER", "").strip() or None,
        twilio_api_base_url=env.get("TWILIO_API_BASE_URL", "").strip() or None,
        public_url=env.get("INNGANG_PUBLIC_URL", "").strip().rstrip("/") or None,
        number_hash_key=env.get("INNGANG_NUMBER_HASH_KEY", "").strip() or None,
        whatsapp_from_number=env.get("TWILIO_WHATSAPP_FROM", "").strip() or None,
        outbox_retry_seconds=_float(env, "INNGANG_OUTBOX_RETRY_SECONDS", 5.0),
        outbox_max_attempts=_int(env, "INNGANG_OUTBOX_MAX_ATTEMPTS", 8),
        sms_daily_cap=_int(env, "INNGANG_SMS_DAILY_CAP", 30),
        contacts_file=_path(env, "INNGANG_CONTACTS_FILE", PROJECT_ROOT / "content" / "contacts.yml"),
        handoff_escalate_minutes=_int(env, "INNGANG_HANDOFF_ESCALATE_MINUTES", 120),
        case_check_seconds=_float(env, "INNGANG_CASE_CHECK_SECONDS", 15.0),
        clock_file=_optional_path(env, "INNGANG_CLOCK_FILE"),
        max_request_bytes=_int(env, "INNGANG_MAX_REQUEST_BYTES", 16 * 1024),
    )
