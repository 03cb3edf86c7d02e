"""The residents' chat page, served by the Rasa server at ``/chat/``.

The page (``web/``: plain HTML, CSS and JavaScript, no build step) talks to
the REST channel on the same origin, so it makes no request to anyone else.
This channel serves:

- ``/chat/``: the page; ``?lang=so`` picks the language, ``?topic=...`` the
  subject to start with (QR posters link there, see bot/web/poster.py);
- ``/chat/static/<file>``: its script and style sheet;
- ``/chat/fonts/<file>``: Noto fonts for Ethiopic, Arabic and Urdu, installed
  from the npm registry by the set-up (web/package.json);
- ``/chat/labels/<lang>``: the page's own texts from the gettext catalogs;
- ``/chat/history/<sender>``: the conversation so far, after a reload.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import PROJECT_ROOT
from bot.stores.outage import STORE_OUTAGES
from bot.web.labels import page_labels
from bot.web.transcript import conversation_messages

WEB_DIR = PROJECT_ROOT / "web"
FONT_PACKAGES = WEB_DIR / "node_modules" / "@fontsource"
STATIC_FILES = {"chat.js": "text/javascript", "chat.css": "text/css"}
# A sender id is made by the page (crypto.randomUUID); anything else is refused.
_SENDER = re.compile(r"^web-[0-9a-f-]{36}$")
_FONT_FILE = re.compile(r"^[a-z0-9-]+\.woff2$")
# The page is ours and loads nothing from elsewhere: say so to the browser.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def font_path(name: str, packages: Path = FONT_PACKAGES) -> Optional[Path]:
    """The installed font file of that name, if it is one of ours."""
    if not _FONT_FILE.match(name):
        return None
    for candidate in packages.glob(f"*/files/{name}"):
        return candidate
    return None


def valid_sender(sender: str) -> bool:
    return bool(_SENDER.match(sender or ""))


class ChatPage(InputChannel):
    """Serves the chat page; the conversation itself goes through the REST channel."""

    @classmethod
    def name(cls) -> Text:
        return "chat"

    def url_prefix(self) -> Text:
        # Rasa joins this to "/webhooks/"; an absolute path puts the page at /chat.
        return "/chat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        page = Blueprint("chat_page", __name__)

        @page.route("/", methods=["GET"])
        async def index(request: Request) -> HTTPResponse:
            return _file(WEB_DIR / "index.html", "text/html; charset=utf-8")

        @page.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.json({"error": "not found"}, status=404)
            return _file(WEB_DIR / name, f"{STATIC_FILES[name]}; charset=utf-8")

        @page.route("/fonts/<name>", methods=["GET"])
        async def fonts(request: Request, name: str) -> HTTPResponse:
            path = font_path(name)
            if path is None:
                return response.json({"error": "not found"}, status=404)
            return _file(path, "font/woff2", cache_seconds=86400)

        @page.route("/labels/<language>", methods=["GET"])
        async def labels(request: Request, language: str) -> HTTPResponse:
            return _json(page_labels(language))

        @page.route("/history/<sender>", methods=["GET"])
        async def history(request: Request, sender: str) -> HTTPResponse:
            if not valid_sender(sender):
                return response.json({"error": "unknown conversation"}, status=400)
            try:
                messages = await conversation_messages(request.app.ctx.agent, sender)
            except STORE_OUTAGES:
                # The page starts without the history; sending says "unavailable".
                return _json({"error": "temporarily unavailable"}, status=503)
            return _json({"messages": messages})

        return page


def _file(path: Path, content_type: str, cache_seconds: int = 0) -> HTTPResponse:
    headers: Dict[str, str] = {**SECURITY_HEADERS, "Cache-Control": f"max-age={cache_seconds}" if cache_seconds
                               else "no-cache"}
    return response.raw(path.read_bytes(), content_type=content_type, headers=headers)


def _json(body: Dict[str, Any] | List[Any], status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, headers={"Cache-Control": "no-cache"}, ensure_ascii=False)
