"""A real local SMTP server (aiosmtpd) that keeps every message it receives, for the tests of any module that
sends e-mail (notifications' channels, procurement's RFQ letters)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.port = 0
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd's hook
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content, policy=default_policy))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """The server on a free port of 127.0.0.1, stopped on exit."""
    box = Mailbox()
    with socket.socket() as s:  # a free port (aiosmtpd's controller checks its server by connecting to it)
        s.bind(("127.0.0.1", 0))
        box.port = s.getsockname()[1]
    ctl = Controller(box, hostname="127.0.0.1", port=box.port)
    ctl.start()
    try:
        yield box
    finally:
        ctl.stop()
