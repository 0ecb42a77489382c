"""Real local servers for the notification channels: an SMTP server (aiosmtpd), an SMS gateway and a
webhook receiver (HTTP servers that record every request and answer as the test tells them)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from smtp_mailbox import Mailbox, smtp_server
from vextrus.modules.notifications import config


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


class Recorder:
    """An HTTP endpoint that records requests; `fail` answers that many requests with 503 first,
    `always_fail` every one; `redirect_to` answers with a 302 there."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail = 0
        self.always_fail = False
        self.redirect_to: str | None = None
        self.lock = threading.Lock()
        rec = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with rec.lock:
                    failing = rec.always_fail or rec.fail > 0
                    if rec.fail > 0:
                        rec.fail -= 1
                    ctype = self.headers.get("Content-Type", "")
                    parsed = json.loads(body) if "json" in ctype else {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    rec.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                         "data": parsed, "failed": failing})
                self.send_response(503 if failing else 302 if rec.redirect_to else 200)
                if rec.redirect_to:
                    self.send_header("Location", rec.redirect_to)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *a) -> None:  # noqa: ANN002
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def ok(self) -> list[dict]:
        return [r for r in self.requests if not r["failed"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.close()


@pytest.fixture
def second_recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.close()


@pytest.fixture
def notify(smtp) -> Iterator[config.NotifyConfig]:  # noqa: ANN001
    cfg = config.NotifyConfig(smtp_host="127.0.0.1", smtp_port=smtp.port, mail_from="Vextrus <erp@test.local>",
                              timeout_seconds=5, webhook_allow_private=True)  # the endpoints here are local
    config.use(cfg)
    yield cfg
    config.use(None)


