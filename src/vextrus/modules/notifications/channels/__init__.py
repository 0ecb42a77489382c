"""Channel adapters: how a rendered message leaves the system. Each raises `SendFailed` on a failure
worth retrying; they know nothing of the database."""

from __future__ import annotations


class SendFailed(Exception):
    def __init__(self, message: str, provider: str = ""):
        super().__init__(message)
        self.provider = provider
