"""The REST channel (``/webhooks/rest/webhook``) with numbered-list answers.

Same request and response as Rasa's REST channel, and in addition:

- a bare number answering a list is turned into that list entry, as on SMS;
- a body that is not a JSON object with a text ``sender`` (empty, ``[]``,
  ``null``, a number, broken JSON) gets 400 with a reason, never a 500;
- control characters and bidi overrides are stripped from the message, and
  a message over 1,600 characters is answered "please write shorter" in the
  resident's language without a turn (bot/channels/limits.py);
- a turn that ends without any answer (an action failed) gets an apology,
  and while Redis or the database is down the resident is told that the
  assistant is temporarily unavailable (bot/stores/outage.py);
- a confirmed "delete my data" deletes the conversation after its turn and
  answers with a receipt (bot/privacy/deletion.py);
- request bodies over ``INNGANG_MAX_REQUEST_BYTES`` (16 KB) are refused with
  413 before they are read, for every route of the server;
- the server's log lines are redacted (bot/privacy/redaction.py) and old
  SQLite conversations purged every hour (bot/stores/retention.py).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

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
from bot.channels.speed import install as install_speedups
from bot.config import load_settings
from bot.handoff.factory import default_handoffs
from bot.languages import SOURCE_LANGUAGE, normalize_language
from bot.nlg import LANGUAGE_SLOT, render_outside_turn
from bot.nlu.detection import get_detector
from bot.outbox.store import default_outbox
from bot.privacy.deletion import DELETED_RESPONSE, asks_to_forget, delete_web_resident, without_marker
from bot.privacy.redaction import install as install_redaction
from bot.stores.outage import STORE_OUTAGES, fail_loudly
from bot.stores.retention import purge_forever

logger = logging.getLogger(__name__)

# Where Rasa mounts this channel's message route; only it carries a body to check.
WEBHOOK_PATH = "/webhooks/rest/webhook"
# Longer sender ids are not ours (the page makes "web-<uuid>", 40 characters).
MAX_SENDER_CHARACTERS = 128


def body_problem(body: Any) -> Optional[str]:
    """Why a webhook body cannot be read, or None when it can."""
    if not isinstance(body, Mapping):
        return "The body must be a JSON object with 'sender' and 'message'."
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARACTERS:
        return f"'sender' must be a text of 1 to {MAX_SENDER_CHARACTERS} characters."
    if body.get("message") is not None and not isinstance(body.get("message"), str):
        return "'message' must be a text."
    if body.get("metadata") is not None and not isinstance(body.get("metadata"), Mapping):
        return "'metadata' must be a JSON object."
    return None


class WebInput(RestInput):
    """Rasa's REST channel plus numbered-list answers and input limits."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        server: Dict[str, Sanic] = {}

        async def answered(message: UserMessage) -> None:
            async def language() -> str:
                app = server.get("app")
                if app is None:
                    return SOURCE_LANGUAGE
                return await conversation_language(app, message.sender_id, message.metadata, message.text or "")

            await answer_or_apologize(on_new_message, message, language)
            collected = getattr(message.output_channel, "messages", None)
            if collected and asks_to_forget(collected) and server.get("app"):
                collected[:] = await _deleted(server["app"], message, collected, await language())

        rest = super().blueprint(answered)

        @rest.middleware("request")
        async def guard(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or request.path.rstrip("/") != WEBHOOK_PATH:
                return None
            try:
                body = request.json
            except InvalidUsage:
                body = None
            problem = body_problem(body)
            if problem:
                return response.json({"error": problem}, status=400)
            text = clean_text(body.get("message") or "")
            if too_long(text):
                return response.json(await _too_long_reply(request.app, body, text))
            request.ctx.clean_text = text
            return None

        @rest.listener("before_server_start")
        async def limit_request_size(app: Sanic, _loop: Any) -> None:
            app.config.REQUEST_MAX_SIZE = load_settings().max_request_bytes
            server["app"] = app
            # Logging is configured by now: no phone number, person number or
            # e-mail address reaches a log line from here on.
            install_redaction()
            install_speedups()

        @rest.listener("after_server_start")
        async def start_purging(app: Sanic, _loop: Any) -> None:
            # After Rasa's own listener has loaded the agent and its tracker store.
            agent = getattr(app.ctx, "agent", None)
            if agent is not None:
                fail_loudly(agent)
                app.add_task(purge_forever(agent, load_settings()))

        return rest

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        # The only async hook before the message is read: resolve the choice
        # here, where the conversation can be looked up.
        sender = await super()._extract_sender(req)
        text = getattr(req.ctx, "clean_text", None)
        agent = getattr(req.app.ctx, "agent", None)
        try:
            req.ctx.resolved_text = await resolve_with_agent(agent, sender, text) if sender else None
        except STORE_OUTAGES:
            # The turn will meet the same outage and say so.
            req.ctx.resolved_text = None
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        # An empty message is answered like any message the assistant does not understand.
        return getattr(req.ctx, "resolved_text", None) or getattr(req.ctx, "clean_text", None) or ""


async def answer_or_apologize(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    language: Callable[[], Awaitable[str]],
) -> None:
    """Run the turn; when it ended without any answer (an action or a store
    failed), the resident gets an apology instead of silence."""
    answer = NO_ANSWER_RESPONSE
    collected = getattr(message.output_channel, "messages", None)
    try:
        await on_new_message(message)
    except STORE_OUTAGES:
        logger.warning("A store is unreachable: the resident was told to try again later")
        answer = UNAVAILABLE_RESPONSE
        if collected:
            # Whatever the turn said was not kept: the conversation did not move on.
            collected.clear()
    finally:
        if message.text and collected == []:
            collected.append(_reply(message.sender_id, answer, await language()))


async def conversation_language(app: Sanic, sender: str, metadata: Optional[Mapping[str, Any]],
                                text: str = "") -> str:
    """The page's language, else the conversation's, else that of ``text``'s beginning."""
    language = normalize_language((metadata or {}).get("language"))
    agent = getattr(app.ctx, "agent", None)
    if language is None and agent is not None:
        language = await _stored_language(agent, sender)
    if language is None and text:
        # Off the event loop: the detector loads its language models on first use.
        detection = await asyncio.to_thread(get_detector().detect, text[:LANGUAGE_SAMPLE_CHARACTERS])
        language = detection.language
    return normalize_language(language) or SOURCE_LANGUAGE


async def _deleted(app: Sanic, message: UserMessage, collected: List[Dict[str, Any]],
                   language: str) -> List[Dict[str, Any]]:
    """Carry out a confirmed deletion after its turn; the turn's answer ends with the receipt."""
    receipt = await delete_web_resident(message.sender_id, app.ctx.agent.tracker_store,
                                        default_booking_store(), default_outbox(), default_handoffs())
    logger.info("Deleted a chat conversation on request (%d bookings, %d waiting messages)",
                receipt.bookings, receipt.waiting_messages)
    return without_marker(collected) + [_reply(message.sender_id, DELETED_RESPONSE, language,
                                               bookings=receipt.bookings, messages=receipt.waiting_messages)]


async def _stored_language(agent: Any, sender: str) -> Optional[str]:
    try:
        tracker = await agent.tracker_store.retrieve(sender)
    except STORE_OUTAGES:
        return None  # the text's own language will do
    return normalize_language(tracker.get_slot(LANGUAGE_SLOT)) if tracker else None


def _reply(sender: str, response_name: str, language: str, **values: Any) -> Dict[str, Any]:
    return {"recipient_id": sender, "text": render_outside_turn(response_name, language, "rest", **values)["text"]}


async def _too_long_reply(app: Sanic, body: Mapping[str, Any], text: str) -> List[Dict[str, Any]]:
    language = await conversation_language(app, body["sender"], body.get("metadata"), text)
    return [_reply(body["sender"], TOO_LONG_RESPONSE, language)]
