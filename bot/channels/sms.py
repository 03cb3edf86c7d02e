"""Twilio SMS and WhatsApp channel: ``POST /webhooks/sms/webhook``.

Rasa 3.6's own Twilio channel checks no signature, ignores retries, cuts
long replies badly and answers only after the whole turn (see
shared/notes/rasa-twilio-redis-facts.md). This one:

- checks ``X-Twilio-Signature`` when ``TWILIO_AUTH_TOKEN`` is set (403 otherwise);
- answers a retried webhook (same ``MessageSid``) without a second turn;
- records the message and answers Twilio at once with an empty response;
  the turn runs in the background (in arrival order per resident) and its
  replies go out through the outbox (bot/outbox/), like every other message;
- names the conversation by a keyed hash of the number, never the number;
- answers a message without text (a picture, a voice note) in the
  conversation language instead of failing;
- turns buttons into a numbered list, and a bare number back into the button;
- on SMS, keeps each reply within two segments where it can and sends the
  rest page by page when the resident answers MER; on WhatsApp
  (``whatsapp:+47…``) sends a reply whole, up to 4,096 characters a message;
- answers the keywords (bot/sms/keywords.py) itself, a body over 1,600
  characters with "please write shorter", and a sender who writes more than
  10 messages a minute once with "please wait", then with silence;
- records Twilio's delivery status callbacks (``POST /webhooks/sms/status``);
- answers contact persons' commands (OK, RING, FERDIG, VIDERE; see
  bot/handoff/staff.py) from the numbers in content/contacts.yml, and runs
  the case worker that delivers and escalates handoff cases.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple
from urllib.parse import parse_qsl

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import clock
from bot.booking.answers import parse_yes_no
from bot.booking.store import default_booking_store
from bot.channels.choices import resolve_with_agent
from bot.channels.limits import (
    LANGUAGE_SAMPLE_CHARACTERS,
    NO_ANSWER_RESPONSE,
    TOO_LONG_RESPONSE,
    UNAVAILABLE_RESPONSE,
    clean_text,
    too_long,
)
from bot.channels.ordering import ConversationTurns
from bot.config import load_settings
from bot.handoff.factory import default_handoffs
from bot.handoff.staff import answer_staff, parse_staff_command
from bot.handoff.worker import run_cases_forever
from bot.languages import SOURCE_LANGUAGE
from bot.nlg import LANGUAGE_SLOT, render_outside_turn
from bot.nlu.detection import get_detector, tokenize
from bot.outbox.models import InboundMessage, Kind, Status
from bot.outbox.queue import queue_text
from bot.outbox.store import Outbox, default_outbox
from bot.outbox.worker import build_worker, run_forever
from bot.privacy.deletion import DELETED_RESPONSE, KEPT_RESPONSE, asks_to_forget, delete_sms_resident
from bot.sms import SMS_CHANNEL
from bot.sms.encoding import as_sms_text, paginate, prefer_gsm7, split_for_whatsapp
from bot.sms.keywords import DELETE, HELP, MORE_WORDS, START, STOP, keyword_of
from bot.sms.numbers import conversation_id, is_whatsapp, number_id, phone_of
from bot.sms.optout import OptOuts
from bot.stores.kv import KeyValueStore, default_kv_store
from bot.stores.outage import STORE_OUTAGES

logger = logging.getLogger(__name__)

DEDUPE_SECONDS = 24 * 60 * 60
PAGES_SECONDS = 60 * 60
MAX_SEGMENTS = 2
# Per sender and minute: more is a flood (a loop, a script), not a resident.
MAX_MESSAGES_PER_MINUTE = 10
# How long SLETT waits for its yes.
DELETE_CONFIRM_SECONDS = 10 * 60
# Twilio's MessageStatus values we record (others, e.g. "accepted", are skipped).
CALLBACK_STATUSES = {status.value: status for status in (
    Status.QUEUED, Status.SENDING, Status.SENT, Status.DELIVERED, Status.UNDELIVERED, Status.FAILED, Status.READ,
)}

# One reply: its text and its outbox kind.
Reply = Tuple[str, str]


class SmsCollector(CollectingOutputChannel):
    """Collects replies; named "sms" so that ``channel: sms`` variations apply."""

    @classmethod
    def name(cls) -> Text:
        return SMS_CHANNEL


def _empty_twiml() -> HTTPResponse:
    return response.text(str(MessagingResponse()), content_type="application/xml")


def _unavailable_twiml(body: str) -> HTTPResponse:
    """The one reply that does not go through the outbox: the outbox is the
    store that is down. Twilio sends it; without it the resident hears nothing."""
    language = get_detector().detect(body[:LANGUAGE_SAMPLE_CHARACTERS]).language or SOURCE_LANGUAGE
    twiml = MessagingResponse()
    twiml.message(prefer_gsm7(render_outside_turn(UNAVAILABLE_RESPONSE, language, SMS_CHANNEL)["text"]))
    return response.text(str(twiml), content_type="application/xml")


def _form(request: Request) -> Dict[str, str]:
    # Twilio signs every parameter, empty ones too (an MMS has Body=""),
    # which Sanic's request.form drops; parse the form body ourselves.
    return dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))


class SmsInput(InputChannel):
    """The Twilio webhook and status callback."""

    @classmethod
    def name(cls) -> Text:
        return SMS_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SmsInput":
        return cls()

    def __init__(self, store: Optional[KeyValueStore] = None, outbox: Optional[Outbox] = None) -> None:
        settings = load_settings()
        self._validator = RequestValidator(settings.twilio_auth_token) if settings.twilio_auth_token else None
        self._public_url = settings.public_url
        self._store = store
        self._outbox = outbox
        self.turns = ConversationTurns()
        if self._validator is None:
            logger.warning("TWILIO_AUTH_TOKEN is not set: SMS webhook signatures are not checked.")

    @property
    def store(self) -> KeyValueStore:
        return self._store or default_kv_store()

    @property
    def outbox(self) -> Outbox:
        return self._outbox or default_outbox()

    @property
    def optouts(self) -> OptOuts:
        return OptOuts(self.store)

    # -- requests ---------------------------------------------------------

    def _signed_url(self, request: Request) -> str:
        path = request.path + (f"?{request.query_string}" if request.query_string else "")
        if self._public_url:
            return self._public_url + path
        # Behind a proxy, the scheme Twilio used is in X-Forwarded-Proto.
        scheme = request.headers.get("x-forwarded-proto", request.scheme)
        return f"{scheme}://{request.host}{path}"

    def _is_authentic(self, request: Request, params: Dict[str, str]) -> bool:
        if self._validator is None:
            return True
        signature = request.headers.get("x-twilio-signature", "")
        return bool(signature) and self._validator.validate(self._signed_url(request), params, signature)

    def _accept(self, params: Dict[str, str]) -> Optional[InboundMessage]:
        """Record a new message (None for a retried delivery of one)."""
        sid = params.get("MessageSid") or f"local-{uuid.uuid4().hex}"
        if not self.store.add(f"sms:sid:{sid}", "1", DEDUPE_SECONDS):
            return None
        address = params["From"]
        inbound = InboundMessage(sid=sid, conversation=conversation_id(address), address=address,
                                 body=clean_text(params.get("Body") or ""), received=time.time())
        self.outbox.remember(inbound.conversation, address)
        self.outbox.receive(inbound)
        return inbound

    # -- the turn, in the background --------------------------------------

    async def _handle(self, app: Sanic, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      inbound: InboundMessage) -> None:
        agent = getattr(app.ctx, "agent", None)
        try:
            replies = await self._answer_without_turn(agent, inbound)
            if replies is None:
                replies = self._next_page(inbound)
            if replies is None:
                replies = await self._turn(agent, on_new_message, inbound)
            for number, (text, kind) in enumerate(replies):
                queue_text(inbound.address, text, key=f"reply:{inbound.sid}:{number}", kind=kind,
                           outbox=self.outbox)
        finally:
            self.outbox.done(inbound.sid)

    async def _answer_without_turn(self, agent: Any, inbound: InboundMessage) -> Optional[List[Reply]]:
        """The replies when the channel answers itself ([] for silence), or None."""
        keyword, address, body = keyword_of(inbound.body), inbound.address, inbound.body
        if keyword == STOP:
            new = self.optouts.opt_out(address)
            return await self._say(agent, inbound, "utter_sms_stopped", Kind.OPT_OUT_CONFIRMATION) if new else []
        if keyword == START:
            self.optouts.opt_in(address)
            return await self._say(agent, inbound, "utter_sms_started")
        if self.optouts.is_opted_out(address):
            return []
        flooding = self._flooding(address)
        if flooding is not None:
            return await self._say(agent, inbound, "utter_sms_slow_down") if flooding else []
        staff, refused = await asyncio.to_thread(self._staff_check, inbound)
        if staff is not None:
            return staff
        if refused:
            return await self._say(agent, inbound, "utter_handoff_not_staff")
        if keyword == HELP:
            return await self._say(agent, inbound, "utter_sms_help")
        if keyword == DELETE:
            self.store.put(self._deletion_key(inbound), "1", DELETE_CONFIRM_SECONDS)
            return await self._say(agent, inbound, "utter_sms_delete_ask")
        if self.store.get(self._deletion_key(inbound)) is not None:
            self.store.delete(self._deletion_key(inbound))
            answer = parse_yes_no(body)
            if answer is True:
                return await self._delete(agent, inbound)
            if answer is False:
                return await self._say(agent, inbound, KEPT_RESPONSE)
        if not body:
            return await self._say(agent, inbound, "utter_sms_text_only")
        if too_long(body):
            return await self._say(agent, inbound, TOO_LONG_RESPONSE)
        return None

    @staticmethod
    def _staff_check(inbound: InboundMessage) -> Tuple[Optional[List[Reply]], bool]:
        """A contact person's command answered in Norwegian; or, from anyone
        else, whether the message is «OK K7M3» naming a real case (refused)."""
        handoffs = default_handoffs()
        contact = handoffs.contacts.by_phone(phone_of(inbound.address))
        if contact is None:
            command = parse_staff_command(inbound.body)
            return None, command is not None and handoffs.store.get(command.code) is not None
        said = answer_staff(handoffs, contact, inbound.body, clock.now())
        logger.info("Staff command from contact %s: %s", contact.id, said.response)
        rendered = render_outside_turn(said.response, SOURCE_LANGUAGE, SMS_CHANNEL, **said.values)
        return [(as_sms_text([rendered]), Kind.STAFF.value)], False

    def _flooding(self, address: str) -> Optional[bool]:
        """None within the limit; True the first time over it, False after.

        The minute starts at the sender's first message, not on the clock:
        a burst across hh:mm:59 is still one burst."""
        now = time.time()
        key = f"sms:rate:{number_id(address)}"
        started, _, counted = (self.store.get(key) or "").partition(":")
        if not counted or now - float(started) >= 60:
            started, counted = str(now), "0"
        count = int(counted) + 1
        self.store.put(key, f"{started}:{count}", 120)
        if count <= MAX_MESSAGES_PER_MINUTE:
            return None
        return count == MAX_MESSAGES_PER_MINUTE + 1

    def _deletion_key(self, inbound: InboundMessage) -> str:
        return f"sms:delete:{inbound.conversation}"

    async def _delete(self, agent: Any, inbound: InboundMessage) -> List[Reply]:
        tracker = await agent.tracker_store.retrieve(inbound.conversation) if agent else None
        language = (tracker.get_slot(LANGUAGE_SLOT) if tracker else None) or SOURCE_LANGUAGE
        receipt = delete_sms_resident(inbound.conversation, inbound.address, agent.tracker_store,
                                      default_booking_store(), self.outbox, self.store, default_handoffs())
        logger.info("Deleted a resident's data on request (%d bookings, %d waiting messages)",
                    receipt.bookings, receipt.waiting_messages)
        rendered = render_outside_turn(DELETED_RESPONSE, language, SMS_CHANNEL,
                                       bookings=receipt.bookings, messages=receipt.waiting_messages)
        return [(as_sms_text([rendered]), Kind.REPLY.value)]

    def _pages_key(self, inbound: InboundMessage) -> str:
        return f"sms:pages:{inbound.conversation}"

    def _next_page(self, inbound: InboundMessage) -> Optional[List[Reply]]:
        words = set(tokenize(inbound.body))
        if not words or not words <= MORE_WORDS:
            return None
        waiting = json.loads(self.store.get(self._pages_key(inbound)) or "[]")
        if not waiting:
            return None
        self.store.put(self._pages_key(inbound), json.dumps(waiting[1:]), PAGES_SECONDS)
        return [(waiting[0], Kind.REPLY.value)]

    async def _turn(self, agent: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                    inbound: InboundMessage) -> List[Reply]:
        text = await resolve_with_agent(agent, inbound.conversation, inbound.body) or inbound.body
        collector = SmsCollector()
        try:
            await on_new_message(UserMessage(
                text, collector, inbound.conversation, input_channel=SMS_CHANNEL, message_id=inbound.sid,
            ))
        except Exception:  # the resident is answered below; the traceback is for us
            logger.exception("An SMS turn failed")
        if asks_to_forget(collector.messages):
            return await self._delete(agent, inbound)
        reply = as_sms_text(collector.messages)
        if not reply:
            # Silence reads as being ignored: say that something went wrong.
            return await self._say(agent, inbound, NO_ANSWER_RESPONSE)
        if is_whatsapp(inbound.address):
            return [(part, Kind.REPLY.value) for part in split_for_whatsapp(reply)]
        more_hint = prefer_gsm7("".join(text for text, _ in await self._say(agent, inbound, "utter_sms_more")))
        pages = paginate(reply, more_hint, MAX_SEGMENTS)
        self.store.put(self._pages_key(inbound), json.dumps(pages[1:]), PAGES_SECONDS)
        return [(pages[0], Kind.REPLY.value)]

    async def _say(self, agent: Any, inbound: InboundMessage, response_name: str,
                   kind: Kind = Kind.REPLY) -> List[Reply]:
        """One domain response, rendered in the conversation's language."""
        if agent is None:
            return []
        tracker = await agent.tracker_store.retrieve(inbound.conversation) or DialogueStateTracker.from_events(
            inbound.conversation, [], slots=agent.domain.slots
        )
        rendered = await agent.nlg.generate(response_name, tracker, SMS_CHANNEL)
        text = prefer_gsm7((rendered or {}).get("text") or "")
        return [(text, kind.value)] if text else []

    def _schedule(self, app: Sanic, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                  inbound: InboundMessage) -> None:
        self.turns.schedule(inbound.conversation, lambda: self._handle(app, on_new_message, inbound))

    # -- routes -------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms = Blueprint("sms_webhook", __name__)
        background: List["asyncio.Task[None]"] = []

        @sms.listener("after_server_start")
        async def start_sending(app: Sanic, _loop: Any) -> None:
            background.append(asyncio.create_task(run_forever(build_worker())))
            background.append(asyncio.create_task(run_cases_forever(default_handoffs())))
            # Messages accepted before a restart whose turn did not run yet.
            for inbound in await asyncio.to_thread(self.outbox.waiting):
                self._schedule(app, on_new_message, inbound)

        @sms.listener("before_server_stop")
        async def stop_sending(app: Sanic, _loop: Any) -> None:
            for task in background:
                task.cancel()

        @sms.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            params = _form(request)
            if not self._is_authentic(request, params):
                return response.text("invalid signature", status=403)
            if not params.get("From"):
                return response.text("missing From", status=400)
            try:
                inbound = self._accept(params)
            except STORE_OUTAGES:
                logger.warning("A store is unreachable: an SMS was answered 'temporarily unavailable'")
                return _unavailable_twiml(clean_text(params.get("Body") or ""))
            if inbound is None:
                logger.info("Ignored a repeated SMS webhook delivery")
            else:
                self._schedule(request.app, on_new_message, inbound)
            return _empty_twiml()

        @sms.route("/status", methods=["POST"])
        async def status(request: Request) -> HTTPResponse:
            params = _form(request)
            if not self._is_authentic(request, params):
                return response.text("invalid signature", status=403)
            reported = CALLBACK_STATUSES.get(params.get("MessageStatus", ""))
            if not params.get("MessageSid"):
                return response.text("missing MessageSid", status=400)
            if reported is not None:
                error = params.get("ErrorCode") or None
                self.outbox.record_status(params["MessageSid"], reported, error and f"Twilio error {error}",
                                          time.time())
            return response.empty()

        return sms
