"""The outbox: a persistent queue of every message Inngang sends.

Replies to residents, booking confirmations, reminders and staff messages
are all *enqueued* here, each under an idempotency key, and a sender task
(bot/outbox/worker.py) hands them to Twilio or to the local outbox. The
same store holds what the sender needs and nothing more:

- ``messages``: the queue and its history (status, attempts, Twilio's id);
- ``recipients``: which address an SMS conversation id stands for, because
  conversation ids are keyed hashes and replies need the number;
- ``inbox``: messages the webhook accepted whose turn has not run yet, so a
  restart does not lose them (deleted when the turn is done).

SQLite in the data directory by default (one file shared by the Rasa
server, the action server and the reminder process); Redis when
``REDIS_URL`` is set (bot/outbox/redis_store.py). Both pass the same
contract tests (tests/unit/test_outbox_store.py).
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, Optional, Protocol

from bot.config import Settings, load_settings
from bot.outbox.models import PENDING, PROGRESS, InboundMessage, OutgoingMessage, Status

MASKED = "masked"


class Outbox(Protocol):
    def enqueue(self, message: OutgoingMessage) -> bool:
        """Queue ``message`` unless its key is known; True if it was queued."""

    def claim(self, now: float) -> Optional[OutgoingMessage]:
        """The next due message whose recipient has nothing earlier pending,
        marked as being sent (one claimer wins)."""

    def finish(self, key: str, status: Status, now: float, provider_id: Optional[str] = None,
               error: Optional[str] = None) -> None: ...

    def retry(self, key: str, next_attempt: float, error: str, now: float) -> None: ...

    def record_status(self, provider_id: str, status: Status, error: Optional[str], now: float) -> bool:
        """Twilio's status callback; True if it moved the message forward."""

    def recover(self, older_than: float, now: float) -> int:
        """Claims left by a sender that stopped become UNKNOWN (never resent)."""

    def pause(self, until: float) -> None:
        """No message is claimed before ``until`` (Twilio said: too many)."""

    def sent_since(self, recipient_id: str, since: float) -> int: ...

    def messages(self, status: Optional[Status] = None, recipient_id: Optional[str] = None,
                 after_seq: int = 0, limit: int = 200) -> List[OutgoingMessage]: ...

    def forget(self, recipient_id: str, now: float) -> int:
        """Delete queued messages to a number and mask it in the history."""

    def remember(self, conversation: str, address: str) -> None: ...

    def forget_conversation(self, conversation: str) -> None:
        """Forget the address behind a conversation."""

    def address_of(self, conversation: str) -> Optional[str]: ...

    def receive(self, message: InboundMessage) -> None: ...

    def done(self, sid: str) -> None: ...

    def waiting(self) -> List[InboundMessage]: ...


_COLUMNS = ("key, recipient, recipient_id, body, kind, status, seq, attempts, next_attempt, "
            "created, updated, provider_id, error")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE, recipient TEXT NOT NULL, recipient_id TEXT NOT NULL,
    body TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, next_attempt REAL NOT NULL DEFAULT 0,
    created REAL NOT NULL, updated REAL NOT NULL, provider_id TEXT, error TEXT
);
CREATE INDEX IF NOT EXISTS messages_due ON messages (status, next_attempt);
CREATE INDEX IF NOT EXISTS messages_recipient ON messages (recipient_id, status);
CREATE INDEX IF NOT EXISTS messages_provider ON messages (provider_id);
CREATE TABLE IF NOT EXISTS recipients (conversation TEXT PRIMARY KEY, address TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inbox (
    sid TEXT PRIMARY KEY, conversation TEXT NOT NULL, address TEXT NOT NULL,
    body TEXT NOT NULL, received REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pause (id INTEGER PRIMARY KEY CHECK (id = 1), until REAL NOT NULL);
"""
# Selected as a row that OutgoingMessage(**row) accepts.
_SELECT = f"SELECT {_COLUMNS} FROM messages"
_PENDING = tuple(status.value for status in PENDING)


def _message(row: sqlite3.Row) -> OutgoingMessage:
    return OutgoingMessage(**{**dict(row), "status": Status(row["status"])})


class SqliteOutbox:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # One short connection per call: several processes share the file.
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.row_factory = sqlite3.Row
        return connection

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._connect())

    def enqueue(self, message: OutgoingMessage) -> bool:
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO messages (key, recipient, recipient_id, body, kind, status, "
                "attempts, next_attempt, created, updated) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                (message.key, message.recipient, message.recipient_id, message.body, message.kind,
                 Status.QUEUED.value, message.next_attempt, message.created, message.created),
            )
            return cursor.rowcount == 1

    def claim(self, now: float) -> Optional[OutgoingMessage]:
        with self._transaction() as connection:
            paused = connection.execute("SELECT until FROM pause WHERE id = 1").fetchone()
            if paused and paused["until"] > now:
                return None
            row = connection.execute(
                f"{_SELECT} AS m WHERE status = ? AND next_attempt <= ? AND NOT EXISTS ("
                " SELECT 1 FROM messages e WHERE e.recipient_id = m.recipient_id AND e.seq < m.seq"
                f" AND e.status IN {_PENDING}) ORDER BY seq LIMIT 1",
                (Status.QUEUED.value, now),
            ).fetchone()
            if row is None:
                return None
            connection.execute(
                "UPDATE messages SET status = ?, attempts = attempts + 1, updated = ? WHERE seq = ?",
                (Status.SENDING.value, now, row["seq"]),
            )
            claimed = _message(row)
        return OutgoingMessage(**{**claimed.__dict__, "status": Status.SENDING,
                                  "attempts": claimed.attempts + 1, "updated": now})

    def finish(self, key: str, status: Status, now: float, provider_id: Optional[str] = None,
               error: Optional[str] = None) -> None:
        with self._connect() as connection:
            connection.execute(
                "UPDATE messages SET status = ?, updated = ?, provider_id = COALESCE(?, provider_id), "
                "error = ? WHERE key = ?",
                (status.value, now, provider_id, error, key),
            )

    def retry(self, key: str, next_attempt: float, error: str, now: float) -> None:
        with self._connect() as connection:
            connection.execute(
                "UPDATE messages SET status = ?, next_attempt = ?, error = ?, updated = ? WHERE key = ?",
                (Status.QUEUED.value, next_attempt, error, now, key),
            )

    def record_status(self, provider_id: str, status: Status, error: Optional[str], now: float) -> bool:
        with self._transaction() as connection:
            row = connection.execute(f"{_SELECT} WHERE provider_id = ?", (provider_id,)).fetchone()
            if row is None or PROGRESS.get(Status(row["status"]), 9) >= PROGRESS[status]:
                return False
            connection.execute(
                "UPDATE messages SET status = ?, error = COALESCE(?, error), updated = ? WHERE seq = ?",
                (status.value, error, now, row["seq"]),
            )
            return True

    def recover(self, older_than: float, now: float) -> int:
        with self._connect() as connection:
            return connection.execute(
                "UPDATE messages SET status = ?, updated = ? WHERE status = ? AND updated < ?",
                (Status.UNKNOWN.value, now, Status.SENDING.value, older_than),
            ).rowcount

    def pause(self, until: float) -> None:
        with self._connect() as connection:
            connection.execute("INSERT OR REPLACE INTO pause (id, until) VALUES (1, ?)", (until,))

    def sent_since(self, recipient_id: str, since: float) -> int:
        counted = (Status.SENT, Status.DELIVERED, Status.READ, Status.UNDELIVERED)
        with self._connect() as connection:
            return connection.execute(
                f"SELECT COUNT(*) FROM messages WHERE recipient_id = ? AND updated >= ? "
                f"AND status IN {tuple(s.value for s in counted)}",
                (recipient_id, since),
            ).fetchone()[0]

    def messages(self, status: Optional[Status] = None, recipient_id: Optional[str] = None,
                 after_seq: int = 0, limit: int = 200) -> List[OutgoingMessage]:
        query = f"{_SELECT} WHERE seq > ?"
        values: List[object] = [after_seq]
        if status is not None:
            query, values = query + " AND status = ?", values + [status.value]
        if recipient_id is not None:
            query, values = query + " AND recipient_id = ?", values + [recipient_id]
        with self._connect() as connection:
            rows = connection.execute(query + " ORDER BY seq LIMIT ?", (*values, limit)).fetchall()
        return [_message(row) for row in rows]

    def forget(self, recipient_id: str, now: float) -> int:
        with self._connect() as connection:
            deleted = connection.execute(
                f"UPDATE messages SET status = ?, body = '', recipient = ?, updated = ? "
                f"WHERE recipient_id = ? AND status IN {_PENDING}",
                (Status.DELETED.value, MASKED, now, recipient_id),
            ).rowcount
            connection.execute(
                "UPDATE messages SET recipient = ?, body = '' WHERE recipient_id = ?", (MASKED, recipient_id)
            )
            return deleted

    def remember(self, conversation: str, address: str) -> None:
        with self._connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO recipients (conversation, address) VALUES (?, ?)", (conversation, address)
            )

    def address_of(self, conversation: str) -> Optional[str]:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT address FROM recipients WHERE conversation = ?", (conversation,)
            ).fetchone()
        return row["address"] if row else None

    def forget_conversation(self, conversation: str) -> None:
        with self._connect() as connection:
            connection.execute("DELETE FROM recipients WHERE conversation = ?", (conversation,))

    def receive(self, message: InboundMessage) -> None:
        with self._connect() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO inbox (sid, conversation, address, body, received) VALUES (?, ?, ?, ?, ?)",
                (message.sid, message.conversation, message.address, message.body, message.received),
            )

    def done(self, sid: str) -> None:
        with self._connect() as connection:
            connection.execute("DELETE FROM inbox WHERE sid = ?", (sid,))

    def waiting(self) -> List[InboundMessage]:
        with self._connect() as connection:
            rows = connection.execute("SELECT * FROM inbox ORDER BY received").fetchall()
        return [InboundMessage(**dict(row)) for row in rows]


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken before the
    read, so two senders cannot claim the same message."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, error_type, error, traceback) -> None:
        self.connection.execute("ROLLBACK" if error_type else "COMMIT")
        self.connection.close()


def build_outbox(settings: Settings) -> Outbox:
    if settings.redis_url:
        from bot.outbox.redis_store import RedisOutbox

        return RedisOutbox.from_url(settings.redis_url)
    return SqliteOutbox(settings.outbox_path)


@lru_cache(maxsize=1)
def default_outbox() -> Outbox:
    """The process-wide outbox, built on first use."""
    return build_outbox(load_settings())


def iter_all(outbox: Outbox, status: Optional[Status] = None) -> Iterator[OutgoingMessage]:
    """Every message (in pages), for listings."""
    after = 0
    while True:
        page = outbox.messages(status=status, after_seq=after)
        if not page:
            return
        yield from page
        after = page[-1].seq
