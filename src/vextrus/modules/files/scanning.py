"""Virus scanning behind one small interface, fed the upload's chunks as they arrive.

`ClamdScanner` speaks clamd's INSTREAM protocol (TCP `tcp://host:3310` or a unix socket path), so no
client library is needed. With no scanner configured every file is stored with the status
`not_scanned`, which the pages and the API show as such: nobody can mistake it for "clean".
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlparse


@dataclass(frozen=True)
class ScanResult:
    status: str  # clean | infected | not_scanned | error
    detail: str | None = None  # the signature found, or what went wrong


class ScanSession(Protocol):
    def feed(self, chunk: bytes) -> None: ...
    def result(self) -> ScanResult: ...
    def close(self) -> None: ...


class Scanner(Protocol):
    name: str

    def begin(self) -> ScanSession: ...


class _Nothing:
    def feed(self, chunk: bytes) -> None:
        pass

    def result(self) -> ScanResult:
        return ScanResult("not_scanned")

    def close(self) -> None:
        pass


class NoScanner:
    name = "none"

    def begin(self) -> ScanSession:
        return _Nothing()


class _ClamdSession:
    def __init__(self, scanner: ClamdScanner):
        self.error: str | None = None
        self.sock: socket.socket | None = None
        try:
            self.sock = scanner.connect()
            self.sock.sendall(b"zINSTREAM\0")
        except OSError as exc:
            self._fail(f"clamd unreachable: {exc}")

    def _fail(self, why: str) -> None:
        self.error = self.error or why
        self.close()

    def feed(self, chunk: bytes) -> None:
        if self.sock is None:
            return
        try:
            for i in range(0, len(chunk), 1 << 20):
                part = chunk[i:i + (1 << 20)]
                self.sock.sendall(struct.pack("!L", len(part)) + part)
        except OSError as exc:  # clamd closes the stream past its StreamMaxLength
            self._fail(f"clamd stopped reading: {exc}")

    def result(self) -> ScanResult:
        if self.sock is None:
            return ScanResult("error", self.error)
        try:
            self.sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = self.sock.recv(4096)
                if not data:
                    break
                reply += data
        except OSError as exc:
            self._fail(f"clamd did not answer: {exc}")
            return ScanResult("error", self.error)
        finally:
            self.close()
        text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
        # "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        if text.endswith(" OK"):
            return ScanResult("clean")
        if text.endswith(" FOUND"):
            return ScanResult("infected", text.removeprefix("stream:").removesuffix("FOUND").strip())
        return ScanResult("error", text or "no answer")

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None


class ClamdScanner:
    name = "clamd"

    def __init__(self, address: str, timeout: float = 30.0):
        self.address, self.timeout = address, timeout

    def connect(self) -> socket.socket:
        parsed = urlparse(self.address)
        if parsed.scheme == "tcp":
            return socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 3310), self.timeout)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(parsed.path if parsed.scheme == "unix" else self.address)
        return s

    def begin(self) -> ScanSession:
        return _ClamdSession(self)


def scanner_from(address: str | None) -> Scanner:
    return ClamdScanner(address) if address else NoScanner()
