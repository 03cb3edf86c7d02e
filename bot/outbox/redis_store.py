"""The outbox in Redis, for several Rasa processes (``REDIS_URL`` set).

Keys under ``inngang:outbox:``:

- ``m:<key>`` a hash per message; ``all`` and ``r:<recipient_id>`` sorted
  sets of message keys by sequence number (listings);
- ``q:<recipient_id>`` the recipient's pending messages in order; only the
  head of each is in ``due`` (a sorted set by next attempt), so a later
  message never overtakes an earlier one;
- ``sending`` claims by time (recovery), ``sent:<recipient_id>`` sends by
  time (daily cap), ``sid:<provider_id>`` Twilio's id to our key;
- ``recipients`` (conversation -> address), ``inbox`` (sid -> message), ``pause``.

Enqueue, claim and finish are Lua scripts, so two senders never claim one
message and a queue never loses its head.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Dict, List, Optional

from bot.outbox.models import PENDING, PROGRESS, InboundMessage, OutgoingMessage, Status
from bot.outbox.store import MASKED

PREFIX = "inngang:outbox:"

_ENQUEUE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'key', ARGV[1], 'recipient', ARGV[2], 'recipient_id', ARGV[3], 'body', ARGV[4],
  'kind', ARGV[5], 'status', 'queued', 'seq', seq, 'attempts', 0, 'next_attempt', ARGV[6],
  'created', ARGV[7], 'updated', ARGV[7])
redis.call('RPUSH', KEYS[3], ARGV[1])
if redis.call('LLEN', KEYS[3]) == 1 then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1]) end
redis.call('ZADD', KEYS[5], seq, ARGV[1])
redis.call('ZADD', KEYS[6], seq, ARGV[1])
return 1
"""

_CLAIM = """
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > tonumber(ARGV[1]) then return false end
local found = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1)
if #found == 0 then return false end
local key = found[1]
redis.call('ZREM', KEYS[1], key)
redis.call('ZADD', KEYS[3], ARGV[1], key)
local message = ARGV[2] .. 'm:' .. key
redis.call('HSET', message, 'status', 'sending', 'updated', ARGV[1])
redis.call('HINCRBY', message, 'attempts', 1)
return key
"""

# The message leaves its recipient's queue; the next one becomes due.
_FINISH = """
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updated', ARGV[3], 'error', ARGV[5])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'provider_id', ARGV[4])
  redis.call('SET', KEYS[4], ARGV[1])
end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1]) end
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('LREM', KEYS[2], 1, ARGV[1])
local head = redis.call('LINDEX', KEYS[2], 0)
if head then
  local due = redis.call('HGET', ARGV[7] .. 'm:' .. head, 'next_attempt')
  redis.call('ZADD', KEYS[3], due, head)
end
return 1
"""

_INTEGERS = ("seq", "attempts")
_FLOATS = ("next_attempt", "created", "updated")
_SENT = (Status.SENT,)


def _message(fields: Dict[str, str]) -> OutgoingMessage:
    values: Dict = {name: fields.get(name) or None for name in ("provider_id", "error")}
    values.update({name: int(fields[name]) for name in _INTEGERS})
    values.update({name: float(fields[name]) for name in _FLOATS})
    values.update({name: fields[name] for name in ("key", "recipient", "recipient_id", "body", "kind")})
    return OutgoingMessage(status=Status(fields["status"]), **values)


class RedisOutbox:
    def __init__(self, client) -> None:
        self._client = client
        self._enqueue = client.register_script(_ENQUEUE)
        self._claim = client.register_script(_CLAIM)
        self._finish = client.register_script(_FINISH)

    @classmethod
    def from_url(cls, url: str) -> "RedisOutbox":
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=5, decode_responses=True))

    def _key(self, *parts: str) -> str:
        return PREFIX + ":".join(parts)

    def enqueue(self, message: OutgoingMessage) -> bool:
        rid = message.recipient_id
        return bool(self._enqueue(
            keys=[self._key("m", message.key), self._key("seq"), self._key("q", rid), self._key("due"),
                  self._key("all"), self._key("r", rid)],
            args=[message.key, message.recipient, rid, message.body, message.kind, message.next_attempt,
                  message.created],
        ))

    def _get(self, key: str) -> Optional[OutgoingMessage]:
        fields = self._client.hgetall(self._key("m", key))
        return _message(fields) if fields else None

    def claim(self, now: float) -> Optional[OutgoingMessage]:
        key = self._claim(keys=[self._key("due"), self._key("pause"), self._key("sending")], args=[now, PREFIX])
        return self._get(key) if key else None

    def finish(self, key: str, status: Status, now: float, provider_id: Optional[str] = None,
               error: Optional[str] = None) -> None:
        message = self._get(key)
        if message is None:
            return
        rid = message.recipient_id
        self._finish(
            keys=[self._key("m", key), self._key("q", rid), self._key("due"), self._key("sid", provider_id or "-"),
                  self._key("sent", rid), self._key("sending")],
            args=[key, status.value, now, provider_id or "", error or "", "1" if status in _SENT else "0", PREFIX],
        )

    def retry(self, key: str, next_attempt: float, error: str, now: float) -> None:
        pipe = self._client.pipeline()
        pipe.hset(self._key("m", key), mapping={"status": Status.QUEUED.value, "next_attempt": next_attempt,
                                                "error": error, "updated": now})
        pipe.zrem(self._key("sending"), key)
        pipe.zadd(self._key("due"), {key: next_attempt})
        pipe.execute()

    def record_status(self, provider_id: str, status: Status, error: Optional[str], now: float) -> bool:
        key = self._client.get(self._key("sid", provider_id))
        message = self._get(key) if key else None
        if message is None or PROGRESS.get(message.status, 9) >= PROGRESS[status]:
            return False
        fields = {"status": status.value, "updated": now, **({"error": error} if error else {})}
        self._client.hset(self._key("m", key), mapping=fields)
        return True

    def recover(self, older_than: float, now: float) -> int:
        stale = self._client.zrangebyscore(self._key("sending"), "-inf", older_than)
        for key in stale:
            self.finish(key, Status.UNKNOWN, now)
        return len(stale)

    def pause(self, until: float) -> None:
        self._client.set(self._key("pause"), until)

    def sent_since(self, recipient_id: str, since: float) -> int:
        return int(self._client.zcount(self._key("sent", recipient_id), since, "+inf"))

    def messages(self, status: Optional[Status] = None, recipient_id: Optional[str] = None,
                 after_seq: int = 0, limit: int = 200) -> List[OutgoingMessage]:
        index = self._key("r", recipient_id) if recipient_id else self._key("all")
        found: List[OutgoingMessage] = []
        for key in self._client.zrangebyscore(index, f"({after_seq}", "+inf"):
            message = self._get(key)
            if message and (status is None or message.status is status):
                found.append(message)
                if len(found) >= limit:
                    break
        return found

    def forget(self, recipient_id: str, now: float) -> int:
        pending = [m for m in self.messages(recipient_id=recipient_id, limit=10**9) if m.status in PENDING]
        for message in pending:
            self.finish(message.key, Status.DELETED, now)
        for key in self._client.zrange(self._key("r", recipient_id), 0, -1):
            self._client.hset(self._key("m", key), mapping={"recipient": MASKED, "body": ""})
        return len(pending)

    def remember(self, conversation: str, address: str) -> None:
        self._client.hset(self._key("recipients"), conversation, address)

    def address_of(self, conversation: str) -> Optional[str]:
        return self._client.hget(self._key("recipients"), conversation)

    def forget_conversation(self, conversation: str) -> None:
        self._client.hdel(self._key("recipients"), conversation)

    def receive(self, message: InboundMessage) -> None:
        self._client.hsetnx(self._key("inbox"), message.sid, json.dumps(asdict(message), ensure_ascii=False))

    def done(self, sid: str) -> None:
        self._client.hdel(self._key("inbox"), sid)

    def waiting(self) -> List[InboundMessage]:
        stored = self._client.hgetall(self._key("inbox")).values()
        return sorted((InboundMessage(**json.loads(value)) for value in stored), key=lambda m: m.received)
