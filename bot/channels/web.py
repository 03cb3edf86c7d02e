"""The REST channel (``/webhooks/rest/webhook``) with numbered-list answers.

Same request and response as Rasa's REST channel; in addition a bare number
answering a list is turned into that list entry, as on SMS.
"""

from __future__ import annotations

from typing import Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from bot.channels.choices import resolve_with_agent


class WebInput(RestInput):
    """Rasa's REST channel plus numbered-list answers."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        # The only async hook before the message is read: resolve the choice
        # here, where the conversation can be looked up.
        sender = await super()._extract_sender(req)
        text = self._raw_message(req)
        agent = getattr(req.app.ctx, "agent", None)
        req.ctx.resolved_text = await resolve_with_agent(agent, sender, text) if sender else None
        return sender

    @staticmethod
    def _raw_message(req: Request) -> Optional[Text]:
        body = req.json if isinstance(req.json, dict) else {}
        message = body.get("message")
        return message if isinstance(message, str) else None

    def _extract_message(self, req: Request) -> Optional[Text]:
        resolved = getattr(req.ctx, "resolved_text", None)
        # A missing or non-text message is treated as an empty one, which the
        # assistant answers like any message it does not understand.
        return resolved or self._raw_message(req) or ""
