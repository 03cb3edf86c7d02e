"""The booking store: one interface, two implementations with the same contract.

- :class:`SqliteBookingStore`, the embedded default (WAL; every booking in
  one ``BEGIN IMMEDIATE`` transaction, so concurrent writers are serialised).
- :class:`RedisBookingStore`: capacity check, seat reservation and the
  idempotency key in one Lua script, which Redis runs atomically. For
  production run Redis with ``appendonly yes`` and ``appendfsync always``
  (with ``everysec`` a crash can lose the last second of confirmed bookings).

Phone numbers are stored with the booking (staff need them) but never used
as Redis key names: indexes use a hash of the number.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Protocol

from bot.booking.models import Booking, BookingOutcome, BookingRequest, anonymized, new_code, normalize_code
from bot.config import Settings, load_settings

MAX_CODE_ATTEMPTS = 5


class BookingStore(Protocol):
    def book(self, request: BookingRequest, capacity: int, waitlist: bool = False) -> BookingOutcome:
        """Reserve ``request.seats`` if they fit in ``capacity``, at most once per key.

        When the session is full and ``waitlist`` is set, the request is kept
        as a ``waiting`` booking instead (outcome "waitlisted").
        """

    def cancel(self, code: str) -> Optional[Booking]:
        """Cancel a confirmed or waiting booking (freeing a confirmed one's seats)."""

    def promote_waiting(self, session_id: str, capacity: int) -> List[Booking]:
        """Confirm waiting bookings, first come first served, while they fit."""

    def get(self, code: str) -> Optional[Booking]: ...

    def for_phone(self, phone: str) -> List[Booking]: ...

    def for_session(self, session_id: str) -> List[Booking]: ...

    def seats_taken(self, session_id: str) -> int: ...

    def forget_phone(self, phone: str) -> int:
        """The resident asked to delete their data: cancel their bookings and
        keep them only without phone and name (for counts); returns how many."""

    def forget_code(self, code: str) -> bool:
        """The same for one booking (on the web, the code is the key); whether it existed."""


def phone_key(phone: str) -> str:
    return hashlib.sha256(phone.encode("utf-8")).hexdigest()[:32]


class SqliteBookingStore:
    SCHEMA = """
    CREATE TABLE IF NOT EXISTS bookings (
        code TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        seats INTEGER NOT NULL CHECK (seats > 0),
        phone TEXT NOT NULL,
        status TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS bookings_session ON bookings (session_id, status);
    CREATE INDEX IF NOT EXISTS bookings_phone ON bookings (phone);
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connection() as connection:
            connection.executescript(self.SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        # sqlite3 connections must not be shared between threads.
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    def _row_booking(self, row) -> Booking:
        booking = Booking.from_json(row[0])
        return Booking(**{**booking.__dict__, "status": row[1]})

    def book(self, request: BookingRequest, capacity: int, waitlist: bool = False) -> BookingOutcome:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT data, status FROM bookings WHERE idempotency_key = ?", (request.idempotency_key,)
            ).fetchone()
            if row:
                connection.execute("COMMIT")
                return BookingOutcome("duplicate", self._row_booking(row))
            (taken,) = connection.execute(
                "SELECT COALESCE(SUM(seats), 0) FROM bookings WHERE session_id = ? AND status = 'confirmed'",
                (request.session_id,),
            ).fetchone()
            full = taken + request.seats > capacity
            if full and not waitlist:
                connection.execute("COMMIT")
                return BookingOutcome("full")
            status = "waiting" if full else "confirmed"
            for _ in range(MAX_CODE_ATTEMPTS):
                booking = Booking(**{**Booking.from_request(request, new_code()).__dict__, "status": status})
                try:
                    connection.execute(
                        "INSERT INTO bookings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (booking.code, booking.session_id, booking.seats, booking.phone, booking.status,
                         request.idempotency_key, booking.created_at, booking.to_json()),
                    )
                    break
                except sqlite3.IntegrityError as error:
                    if "code" not in str(error) and "PRIMARY" not in str(error).upper():
                        raise
            else:
                raise RuntimeError("could not find a free booking code")
            connection.execute("COMMIT")
            return BookingOutcome("waitlisted" if full else "booked", booking)
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def promote_waiting(self, session_id: str, capacity: int) -> List[Booking]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            (taken,) = connection.execute(
                "SELECT COALESCE(SUM(seats), 0) FROM bookings WHERE session_id = ? AND status = 'confirmed'",
                (session_id,),
            ).fetchone()
            promoted = []
            for row in connection.execute(
                "SELECT data, status, seats, code FROM bookings"
                " WHERE session_id = ? AND status = 'waiting' ORDER BY rowid",
                (session_id,),
            ).fetchall():
                if taken + row[2] <= capacity:
                    connection.execute("UPDATE bookings SET status = 'confirmed' WHERE code = ?", (row[3],))
                    taken += row[2]
                    promoted.append(Booking(**{**Booking.from_json(row[0]).__dict__, "status": "confirmed"}))
            connection.execute("COMMIT")
            return promoted
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def cancel(self, code: str) -> Optional[Booking]:
        connection = self._connection()
        with_code = normalize_code(code)
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT data, status FROM bookings WHERE code = ?", (with_code,)
            ).fetchone()
            if not row or row[1] not in ("confirmed", "waiting"):
                connection.execute("COMMIT")
                return None
            connection.execute("UPDATE bookings SET status = 'cancelled' WHERE code = ?", (with_code,))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return Booking(**{**Booking.from_json(row[0]).__dict__, "status": "cancelled"})

    def forget_phone(self, phone: str) -> int:
        return sum(self.forget_code(booking.code) for booking in self.for_phone(phone))

    def forget_code(self, code: str) -> bool:
        booking = self.get(code)
        if booking is None:
            return False
        self.cancel(booking.code)
        self._connection().execute(
            "UPDATE bookings SET phone = '', status = 'cancelled', data = ? WHERE code = ?",
            (anonymized(booking).to_json(), booking.code),
        )
        return True

    def get(self, code: str) -> Optional[Booking]:
        row = self._connection().execute(
            "SELECT data, status FROM bookings WHERE code = ?", (normalize_code(code),)
        ).fetchone()
        return self._row_booking(row) if row else None

    def for_phone(self, phone: str) -> List[Booking]:
        rows = self._connection().execute(
            "SELECT data, status FROM bookings WHERE phone = ? ORDER BY created_at", (phone,)
        ).fetchall()
        return [self._row_booking(row) for row in rows]

    def for_session(self, session_id: str) -> List[Booking]:
        rows = self._connection().execute(
            "SELECT data, status FROM bookings WHERE session_id = ? ORDER BY created_at", (session_id,)
        ).fetchall()
        return [self._row_booking(row) for row in rows]

    def seats_taken(self, session_id: str) -> int:
        (taken,) = self._connection().execute(
            "SELECT COALESCE(SUM(seats), 0) FROM bookings WHERE session_id = ? AND status = 'confirmed'",
            (session_id,),
        ).fetchone()
        return int(taken)


# KEYS: 1 idempotency key, 2 seats-taken counter, 3 booking, 4 session index,
#       5 phone index, 6 waitlist
# ARGV: 1 capacity, 2 seats, 3 code, 4 booking JSON, 5 "1" to waitlist when full,
#       6 the same booking as a waiting one (JSON)
_BOOK_SCRIPT = """
local existing = redis.call('GET', KEYS[1])
if existing then return {'duplicate', existing} end
if redis.call('EXISTS', KEYS[3]) == 1 then return {'retry', ''} end
local taken = tonumber(redis.call('GET', KEYS[2]) or '0')
local seats = tonumber(ARGV[2])
if taken + seats > tonumber(ARGV[1]) then
  if ARGV[5] ~= '1' then return {'full', ''} end
  redis.call('SET', KEYS[3], ARGV[6])
  redis.call('RPUSH', KEYS[6], ARGV[3])
  redis.call('SADD', KEYS[4], ARGV[3])
  redis.call('SADD', KEYS[5], ARGV[3])
  redis.call('SET', KEYS[1], ARGV[3])
  return {'waitlisted', ARGV[3]}
end
redis.call('INCRBY', KEYS[2], seats)
redis.call('SET', KEYS[3], ARGV[4])
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('SADD', KEYS[5], ARGV[3])
redis.call('SET', KEYS[1], ARGV[3])
return {'booked', ARGV[3]}
"""

# KEYS: 1 booking, 2 seats-taken counter, 3 waitlist. ARGV: 1 cancelled booking JSON, 2 seats, 3 code
_CANCEL_SCRIPT = """
local data = redis.call('GET', KEYS[1])
if not data then return 0 end
local status = cjson.decode(data)['status']
if status == 'confirmed' then
  redis.call('DECRBY', KEYS[2], tonumber(ARGV[2]))
elseif status == 'waiting' then
  redis.call('LREM', KEYS[3], 0, ARGV[3])
else
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
"""

# KEYS: 1 seats-taken counter, 2 waitlist. ARGV: 1 capacity, 2 booking key prefix
_PROMOTE_SCRIPT = """
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
local promoted = {}
for _, code in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local key = ARGV[2] .. code
  local booking = cjson.decode(redis.call('GET', key))
  if booking['status'] == 'waiting' and taken + booking['seats'] <= tonumber(ARGV[1]) then
    booking['status'] = 'confirmed'
    redis.call('SET', key, cjson.encode(booking))
    redis.call('LREM', KEYS[2], 0, code)
    taken = taken + booking['seats']
    table.insert(promoted, code)
  end
end
redis.call('SET', KEYS[1], taken)
return promoted
"""


class RedisBookingStore:
    def __init__(self, client, prefix: str = "inngang:booking") -> None:
        self._client = client
        self._prefix = prefix
        self._book = client.register_script(_BOOK_SCRIPT)
        self._cancel = client.register_script(_CANCEL_SCRIPT)
        self._promote = client.register_script(_PROMOTE_SCRIPT)

    def _key(self, *parts: str) -> str:
        return ":".join((self._prefix, *parts))

    def book(self, request: BookingRequest, capacity: int, waitlist: bool = False) -> BookingOutcome:
        for _ in range(MAX_CODE_ATTEMPTS):
            booking = Booking.from_request(request, new_code())
            waiting = Booking(**{**booking.__dict__, "status": "waiting"})
            status, code = self._book(
                keys=[
                    self._key("idem", request.idempotency_key),
                    self._key("taken", request.session_id),
                    self._key("code", booking.code),
                    self._key("session", request.session_id),
                    self._key("phone", phone_key(request.phone)),
                    self._key("waitlist", request.session_id),
                ],
                args=[capacity, request.seats, booking.code, booking.to_json(),
                      "1" if waitlist else "0", waiting.to_json()],
            )
            status = status.decode() if isinstance(status, bytes) else status
            code = code.decode() if isinstance(code, bytes) else code
            if status == "booked":
                return BookingOutcome("booked", booking)
            if status == "waitlisted":
                return BookingOutcome("waitlisted", waiting)
            if status == "duplicate":
                return BookingOutcome("duplicate", self.get(code))
            if status == "full":
                return BookingOutcome("full")
        raise RuntimeError("could not find a free booking code")

    def cancel(self, code: str) -> Optional[Booking]:
        booking = self.get(code)
        if booking is None or booking.status not in ("confirmed", "waiting"):
            return None
        cancelled = Booking(**{**booking.__dict__, "status": "cancelled"})
        done = self._cancel(
            keys=[self._key("code", booking.code), self._key("taken", booking.session_id),
                  self._key("waitlist", booking.session_id)],
            args=[cancelled.to_json(), booking.seats, booking.code],
        )
        return cancelled if done else None

    def promote_waiting(self, session_id: str, capacity: int) -> List[Booking]:
        codes = self._promote(
            keys=[self._key("taken", session_id), self._key("waitlist", session_id)],
            args=[capacity, self._key("code", "")],
        )
        found = [self.get(c.decode() if isinstance(c, bytes) else c) for c in codes]
        return [booking for booking in found if booking]

    def forget_phone(self, phone: str) -> int:
        forgotten = sum(self.forget_code(booking.code) for booking in self.for_phone(phone))
        self._client.delete(self._key("phone", phone_key(phone)))
        return forgotten

    def forget_code(self, code: str) -> bool:
        booking = self.get(code)
        if booking is None:
            return False
        self.cancel(booking.code)
        self._client.set(self._key("code", booking.code), anonymized(booking).to_json())
        if booking.phone:
            self._client.srem(self._key("phone", phone_key(booking.phone)), booking.code)
        return True

    def get(self, code: str) -> Optional[Booking]:
        data = self._client.get(self._key("code", normalize_code(code)))
        return Booking.from_json(data.decode() if isinstance(data, bytes) else data) if data else None

    def _many(self, index_key: str) -> List[Booking]:
        codes = sorted(c.decode() if isinstance(c, bytes) else c for c in self._client.smembers(index_key))
        found = [self.get(code) for code in codes]
        return sorted((b for b in found if b), key=lambda b: (b.created_at, b.code))

    def for_phone(self, phone: str) -> List[Booking]:
        return self._many(self._key("phone", phone_key(phone)))

    def for_session(self, session_id: str) -> List[Booking]:
        return self._many(self._key("session", session_id))

    def seats_taken(self, session_id: str) -> int:
        return int(self._client.get(self._key("taken", session_id)) or 0)


def build_booking_store(settings: Settings) -> BookingStore:
    if settings.redis_url:
        import redis

        return RedisBookingStore(redis.Redis.from_url(settings.redis_url, socket_timeout=10))
    return SqliteBookingStore(settings.data_dir / "bookings.db")


@lru_cache(maxsize=1)
def default_booking_store() -> BookingStore:
    """The process-wide store, built on first use (tests call cache_clear)."""
    return build_booking_store(load_settings())
