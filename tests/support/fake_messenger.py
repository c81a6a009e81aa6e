"""A fake Telegram Bot API on loopback: records ``sendMessage`` calls and answers with
scripted failures (429 with retry_after, 5xx) before it answers ok."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeBotApi:
    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)  # messages answered ok
    attempts: list[str] = field(default_factory=list)  # every request path
    failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # next answers
    down: bool = False  # answer 502 to everything


def _handler(state: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 (http.server API)
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            state.attempts.append(self.path)
            if not self.path.endswith("/sendMessage") or "/bot" not in self.path:
                self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            elif state.down:
                self._answer(502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
            elif state.failures:
                status, body = state.failures.pop(0)
                self._answer(status, body)
            else:
                state.received.append({"path": self.path, **payload})
                self._answer(200, {"ok": True, "result": {"message_id": len(state.received)}})

    return Handler


@contextmanager
def fake_bot_api() -> Iterator[FakeBotApi]:
    state = FakeBotApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
