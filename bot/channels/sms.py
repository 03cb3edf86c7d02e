"""Twilio SMS channel: ``POST /webhooks/sms/webhook``, replies as TwiML.

Rasa 3.6's own Twilio channel checks no signature, ignores retries and cuts
long replies badly (see shared/notes/rasa-twilio-redis-facts.md). This one:

- checks ``X-Twilio-Signature`` when ``TWILIO_AUTH_TOKEN`` is set (403 otherwise);
- answers a retried webhook (same ``MessageSid``) without a second turn;
- answers a message without text (a picture, a voice note) in the
  conversation language instead of failing;
- turns buttons into a numbered list, and a bare number back into the button;
- keeps each reply within two SMS segments where it can, and sends the rest
  page by page when the resident answers MER;
- answers the keywords STOP/STOPP/SLUTT (nothing more is sent until START),
  START and HJELP/HELP itself (bot/sms/keywords.py);
- answers a body over 1,600 characters with "please write shorter" instead of
  a turn, and a sender who writes more than 10 messages a minute once with
  "please wait", then with silence.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qsl
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.choices import resolve_with_agent
from bot.config import load_settings
from bot.nlu.detection import tokenize
from bot.sms.encoding import paginate, prefer_gsm7
from bot.sms.keywords import HELP, START, STOP, keyword_of
from bot.sms.numbers import default_number_key, hash_number
from bot.sms.optout import OptOuts
from bot.stores.kv import KeyValueStore, default_kv_store

logger = logging.getLogger(__name__)

CHANNEL = "sms"
DEDUPE_SECONDS = 24 * 60 * 60
PAGES_SECONDS = 60 * 60
MAX_SEGMENTS = 2
# Twilio's own limit for one message body; longer ones are not a question.
MAX_BODY_CHARACTERS = 1600
# Per sender and minute: more is a flood (a loop, a script), not a resident.
MAX_MESSAGES_PER_MINUTE = 10
# Words residents may answer to get the next page (input vocabulary).
MORE_WORDS = frozenset({
    "mer", "meir", "more", "więcej", "wiecej", "більше", "dheeraad", "wax", "المزيد",
    "مزيد", "مزید", "ተወሳኺ", "ተወሰኺ",
})


class SmsCollector(CollectingOutputChannel):
    """Collects replies; named "sms" so that ``channel: sms`` variations apply."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL


def render_for_sms(messages: List[Dict[str, Any]]) -> str:
    """Texts and numbered buttons of one turn as one SMS text (payloads stay hidden)."""
    parts: List[str] = []
    for message in messages:
        if message.get("text"):
            parts.append(message["text"])
        buttons = message.get("buttons") or []
        if buttons:
            parts.append("\n".join(f"{n}. {b.get('title', '')}" for n, b in enumerate(buttons, 1)))
    return prefer_gsm7("\n".join(part for part in parts if part).strip())


def _twiml(text: Optional[str]) -> HTTPResponse:
    reply = MessagingResponse()
    if text:
        reply.message(text)
    return response.text(str(reply), content_type="application/xml")


class SmsInput(InputChannel):
    """The Twilio webhook."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SmsInput":
        return cls()

    def __init__(self, store: Optional[KeyValueStore] = None) -> None:
        settings = load_settings()
        self._validator = RequestValidator(settings.twilio_auth_token) if settings.twilio_auth_token else None
        self._public_url = settings.public_url
        self._store = store
        if self._validator is None:
            logger.warning("TWILIO_AUTH_TOKEN is not set: SMS webhook signatures are not checked.")

    @property
    def store(self) -> KeyValueStore:
        return self._store or default_kv_store()

    @property
    def optouts(self) -> OptOuts:
        return OptOuts(self.store)

    def _flooding(self, sender: str) -> Optional[bool]:
        """None within the limit; True the first time over it, False after."""
        minute = int(time.time() // 60)
        key = f"sms:rate:{hash_number(sender, default_number_key())}:{minute}"
        count = int(self.store.get(key) or 0) + 1
        self.store.put(key, str(count), 120)
        if count <= MAX_MESSAGES_PER_MINUTE:
            return None
        return count == MAX_MESSAGES_PER_MINUTE + 1

    async def _answer_without_turn(self, agent: Any, sender: str, body: str) -> Optional[str]:
        """The reply when the channel answers itself ("" for silence), or None."""
        keyword = keyword_of(body)
        if keyword == STOP:
            new = self.optouts.opt_out(sender)
            return await self._say(agent, sender, "utter_sms_stopped") if new else ""
        if keyword == START:
            self.optouts.opt_in(sender)
            return await self._say(agent, sender, "utter_sms_started")
        if self.optouts.is_opted_out(sender):
            return ""
        flooding = self._flooding(sender)
        if flooding is not None:
            return await self._say(agent, sender, "utter_sms_slow_down") if flooding else ""
        if keyword == HELP:
            return await self._say(agent, sender, "utter_sms_help")
        if not body:
            return await self._say(agent, sender, "utter_sms_text_only")
        if len(body) > MAX_BODY_CHARACTERS:
            return await self._say(agent, sender, "utter_sms_too_long")
        return None

    def _signed_url(self, request: Request) -> str:
        if self._public_url:
            path = request.path + (f"?{request.query_string}" if request.query_string else "")
            return self._public_url + path
        # Behind a proxy, the scheme Twilio used is in X-Forwarded-Proto.
        scheme = request.headers.get("x-forwarded-proto", request.scheme)
        return f"{scheme}://{request.host}{request.path}" + (
            f"?{request.query_string}" if request.query_string else ""
        )

    def _is_authentic(self, request: Request, params: Dict[str, str]) -> bool:
        if self._validator is None:
            return True
        signature = request.headers.get("x-twilio-signature", "")
        return bool(signature) and self._validator.validate(self._signed_url(request), params, signature)

    async def _say(self, agent: Any, sender: str, response_name: str) -> str:
        """One domain response, rendered in the conversation's language."""
        tracker = await agent.tracker_store.retrieve(sender) if agent else None
        if tracker is None:
            tracker = DialogueStateTracker.from_events(sender, [], slots=agent.domain.slots if agent else [])
        rendered = await agent.nlg.generate(response_name, tracker, CHANNEL) if agent else None
        return (rendered or {}).get("text") or ""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms = Blueprint("sms_webhook", __name__)

        @sms.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            # Twilio signs every parameter, empty ones too (an MMS has Body=""),
            # which Sanic's request.form drops; parse the form body ourselves.
            params = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
            if not self._is_authentic(request, params):
                return response.text("invalid signature", status=403)
            sender = params.get("From")
            if not sender:
                return response.text("missing From", status=400)

            message_sid = params.get("MessageSid")
            if message_sid and not self.store.add(f"sms:sid:{message_sid}", "1", DEDUPE_SECONDS):
                logger.info("Ignored a repeated SMS webhook delivery")
                return _twiml(None)

            agent = getattr(request.app.ctx, "agent", None)
            body = (params.get("Body") or "").strip()
            pages_key = f"sms:pages:{hash_number(sender, default_number_key())}"

            answer = await self._answer_without_turn(agent, sender, body)
            if answer is not None:
                return _twiml(prefer_gsm7(answer) if answer else None)

            if set(tokenize(body)) and set(tokenize(body)) <= MORE_WORDS:
                waiting = json.loads(self.store.get(pages_key) or "[]")
                if waiting:
                    self.store.put(pages_key, json.dumps(waiting[1:]), PAGES_SECONDS)
                    return _twiml(waiting[0])

            text = await resolve_with_agent(agent, sender, body) or body
            collector = SmsCollector()
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=CHANNEL, message_id=message_sid)
            )
            reply = render_for_sms(collector.messages)
            more_hint = prefer_gsm7(await self._say(agent, sender, "utter_sms_more"))
            pages = paginate(reply, more_hint, MAX_SEGMENTS) if reply else []
            self.store.put(pages_key, json.dumps(pages[1:]), PAGES_SECONDS)
            return _twiml(pages[0] if pages else None)

        return sms
