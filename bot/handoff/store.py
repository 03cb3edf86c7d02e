"""Handoff cases and their audit log, behind one interface with two
implementations that pass the same contract tests: SQLite (the embedded
default) and Redis (with ``REDIS_URL``). Both survive restarts.

Every change of a case goes through :meth:`CaseStore.update`, which reads,
changes and writes the case atomically (a ``BEGIN IMMEDIATE`` transaction,
or Redis ``WATCH``/``MULTI``), so two staff members answering OK at the same
moment cannot both claim it.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Protocol

from redis import WatchError

from bot.config import Settings, load_settings
from bot.handoff.models import AuditEntry, Case

# Returns the changed case, or None to leave it as it is.
Change = Callable[[Case], Optional[Case]]


class CaseStore(Protocol):
    def add(self, case: Case) -> None: ...
    def get(self, code: str) -> Optional[Case]: ...
    def update(self, code: str, change: Change) -> Optional[Case]: ...
    def for_conversation(self, conversation: str) -> List[Case]: ...
    def open_cases(self) -> List[Case]: ...
    def all_cases(self) -> List[Case]: ...
    def audit(self, entry: AuditEntry) -> None: ...
    def audit_log(self, code: Optional[str] = None) -> List[AuditEntry]: ...


def _entry(data: str) -> AuditEntry:
    values = json.loads(data)
    return AuditEntry(**{**values, "at": datetime.fromisoformat(values["at"])})


def _entry_json(entry: AuditEntry) -> str:
    return json.dumps({**entry.__dict__, "at": entry.at.isoformat()})


class SqliteCaseStore:
    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.executescript(
                "PRAGMA journal_mode=WAL;"
                "CREATE TABLE IF NOT EXISTS cases (code TEXT PRIMARY KEY, conversation TEXT NOT NULL,"
                " open INTEGER NOT NULL, data TEXT NOT NULL);"
                "CREATE INDEX IF NOT EXISTS cases_conversation ON cases (conversation);"
                "CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL,"
                " data TEXT NOT NULL);"
            )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self._path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA synchronous=FULL")
            yield connection
        finally:
            connection.close()

    def add(self, case: Case) -> None:
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO cases (code, conversation, open, data) VALUES (?, ?, ?, ?)",
                (case.code, case.conversation, int(case.is_open), json.dumps(case.to_json())),
            )

    def get(self, code: str) -> Optional[Case]:
        with self._connect() as connection:
            row = connection.execute("SELECT data FROM cases WHERE code = ?", (code.upper(),)).fetchone()
        return Case.from_json(json.loads(row[0])) if row else None

    def update(self, code: str, change: Change) -> Optional[Case]:
        with self._connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                row = connection.execute("SELECT data FROM cases WHERE code = ?", (code.upper(),)).fetchone()
                changed = change(Case.from_json(json.loads(row[0]))) if row else None
                if changed is not None:
                    changed.version += 1
                    connection.execute(
                        "UPDATE cases SET conversation = ?, open = ?, data = ? WHERE code = ?",
                        (changed.conversation, int(changed.is_open), json.dumps(changed.to_json()), changed.code),
                    )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return changed

    def _select(self, where: str, values: tuple) -> List[Case]:
        with self._connect() as connection:
            rows = connection.execute(f"SELECT data FROM cases {where} ORDER BY rowid", values).fetchall()
        return [Case.from_json(json.loads(row[0])) for row in rows]

    def for_conversation(self, conversation: str) -> List[Case]:
        return self._select("WHERE conversation = ?", (conversation,)) if conversation else []

    def open_cases(self) -> List[Case]:
        return self._select("WHERE open = 1", ())

    def all_cases(self) -> List[Case]:
        return self._select("", ())

    def audit(self, entry: AuditEntry) -> None:
        with self._connect() as connection:
            connection.execute("INSERT INTO audit (code, data) VALUES (?, ?)", (entry.code, _entry_json(entry)))

    def audit_log(self, code: Optional[str] = None) -> List[AuditEntry]:
        with self._connect() as connection:
            if code:
                rows = connection.execute("SELECT data FROM audit WHERE code = ? ORDER BY seq", (code,)).fetchall()
            else:
                rows = connection.execute("SELECT data FROM audit ORDER BY seq").fetchall()
        return [_entry(row[0]) for row in rows]


class RedisCaseStore:
    """One JSON string per case, a set of open codes, a set per conversation
    and one audit list."""

    def __init__(self, client, prefix: str = "inngang:case:") -> None:
        self._client = client
        self._prefix = prefix

    def _key(self, *parts: str) -> str:
        return self._prefix + ":".join(parts)

    def _write(self, pipe, case: Case) -> None:
        pipe.set(self._key("c", case.code), json.dumps(case.to_json()))
        if case.is_open:
            pipe.sadd(self._key("open"), case.code)
        else:
            pipe.srem(self._key("open"), case.code)
        if case.conversation:
            pipe.sadd(self._key("conversation", case.conversation), case.code)

    def add(self, case: Case) -> None:
        pipe = self._client.pipeline(transaction=True)
        self._write(pipe, case)
        pipe.rpush(self._key("all"), case.code)
        pipe.execute()

    def get(self, code: str) -> Optional[Case]:
        raw = self._client.get(self._key("c", code.upper()))
        return Case.from_json(json.loads(raw)) if raw else None

    def update(self, code: str, change: Change) -> Optional[Case]:
        key = self._key("c", code.upper())
        with self._client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    current = Case.from_json(json.loads(raw)) if raw else None
                    old_conversation = current.conversation if current else ""
                    changed = change(current) if current else None
                    if changed is None:
                        pipe.unwatch()
                        return None
                    changed.version += 1
                    pipe.multi()
                    if old_conversation and old_conversation != changed.conversation:
                        pipe.srem(self._key("conversation", old_conversation), changed.code)
                    self._write(pipe, changed)
                    pipe.execute()
                    return changed
                except WatchError:
                    continue

    def _many(self, codes) -> List[Case]:
        cases = [self.get(code) for code in codes]
        return [case for case in cases if case is not None]

    def for_conversation(self, conversation: str) -> List[Case]:
        if not conversation:
            return []
        ordered = self._client.lrange(self._key("all"), 0, -1)
        mine = self._client.smembers(self._key("conversation", conversation))
        return self._many(code for code in ordered if code in mine)

    def open_cases(self) -> List[Case]:
        ordered = self._client.lrange(self._key("all"), 0, -1)
        open_codes = self._client.smembers(self._key("open"))
        return self._many(code for code in ordered if code in open_codes)

    def all_cases(self) -> List[Case]:
        return self._many(self._client.lrange(self._key("all"), 0, -1))

    def audit(self, entry: AuditEntry) -> None:
        self._client.rpush(self._key("audit"), _entry_json(entry))

    def audit_log(self, code: Optional[str] = None) -> List[AuditEntry]:
        entries = [_entry(raw) for raw in self._client.lrange(self._key("audit"), 0, -1)]
        return [e for e in entries if code is None or e.code == code]


def build_case_store(settings: Settings) -> CaseStore:
    if settings.redis_url:
        import redis

        return RedisCaseStore(redis.Redis.from_url(settings.redis_url, socket_timeout=5, decode_responses=True))
    return SqliteCaseStore(settings.cases_path)


@lru_cache(maxsize=1)
def default_case_store() -> CaseStore:
    """The process-wide case store, built on first use (tests call cache_clear)."""
    return build_case_store(load_settings())
