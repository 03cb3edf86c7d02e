"""A local fake of Twilio's Messages API that records what it is sent.

The real ``twilio`` SDK is pointed at it (``TWILIO_API_BASE_URL``): requests
go over HTTP exactly as they would to api.twilio.com. Answers can be
scripted, e.g. three 500s before the 201, or a 429.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Deque, Dict, List, Optional, Tuple
from urllib.parse import parse_qs


class FakeTwilioApi:
    def __init__(self) -> None:
        self.received: List[Dict] = []
        """Every request: path, form, basic-auth user, and the status answered."""
        self._answers: Deque[Tuple[int, Optional[int]]] = deque()
        self._lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}"

    def answer_next(self, *answers: Tuple[int, Optional[int]]) -> None:
        """(HTTP status, Twilio error code) for the next requests, then 201 again."""
        with self._lock:
            self._answers.extend(answers)

    def delivered(self, to: Optional[str] = None) -> List[Dict]:
        """Messages answered with 201 (accepted by "Twilio"), optionally to one address."""
        with self._lock:
            return [r for r in self.received if r["status"] == 201 and (to is None or r["form"].get("To") == to)]

    def _answer(self, form: Dict[str, str], auth: str, path: str) -> Tuple[int, Dict]:
        with self._lock:
            status, code = self._answers.popleft() if self._answers else (201, None)
            self.received.append({"path": path, "form": form, "auth": auth, "status": status})
        if status != 201:
            return status, {"code": code, "message": "fake error", "status": status, "more_info": ""}
        return 201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "account_sid": auth.split(":")[0],
                     "to": form.get("To"), "from": form.get("From"), "body": form.get("Body")}

    def start(self) -> "FakeTwilioApi":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                auth = base64.b64decode(self.headers.get("Authorization", "x x").split()[1] + "==").decode(
                    errors="replace")
                status, reply = fake._answer(form, auth, self.path)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
