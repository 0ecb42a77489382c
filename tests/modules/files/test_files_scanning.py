"""The clamd adapter speaks clamd's INSTREAM protocol: tested against a small server that speaks it
(answers FOUND for the EICAR test string, OK otherwise, as clamd does). An infected upload is refused
and nothing is stored; without a scanner every file says `not_scanned`."""

from __future__ import annotations

import socketserver
import struct
import threading

import pytest

from vextrus.modules.files import config, service
from vextrus.modules.files.scanning import ClamdScanner
from vextrus.platform.errors import DomainError
from vextrus.platform.ids import new_id

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*"


class _Clamd(socketserver.BaseRequestHandler):
    def handle(self):
        command = b""
        while not command.endswith(b"\0"):
            command += self.request.recv(1)
        assert command == b"zINSTREAM\0"
        data = b""
        while True:
            size = struct.unpack("!L", self._exactly(4))[0]
            if size == 0:
                break
            data += self._exactly(size)
        answer = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in data else b"stream: OK\0"
        self.request.sendall(answer)

    def _exactly(self, n):
        out = b""
        while len(out) < n:
            out += self.request.recv(n - len(out))
        return out


@pytest.fixture
def clamd():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Clamd)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config.use_scanner(ClamdScanner(f"tcp://127.0.0.1:{server.server_address[1]}"))
    yield
    config.use_scanner(None)
    server.shutdown()
    server.server_close()


def test_clean_files_are_marked_clean_and_infected_ones_refused(db, admin, blob_store, clamd):
    entry = new_id()
    ok = service.attach("finance.journal_entry", entry, "note.txt", [b"cement 50 bags\n" * 300])
    assert ok.current.scan_status == "clean"
    before = blob_store.list_keys()
    with pytest.raises(DomainError) as bad:
        service.attach("finance.journal_entry", entry, "eicar.txt", [b"hello ", EICAR, b"\n"])
    assert bad.value.code == "file_infected" and "Eicar" in bad.value.details["signature"]
    assert blob_store.list_keys() == before and len(service.list_files("finance.journal_entry", entry)) == 1


def test_an_unreachable_scanner_is_an_error_status_not_clean(db, admin, blob_store):
    config.use_scanner(ClamdScanner("tcp://127.0.0.1:9"))  # nothing listens on the discard port
    try:
        f = service.attach("finance.journal_entry", new_id(), "a.txt", [b"text"])
    finally:
        config.use_scanner(None)
    assert f.current.scan_status == "error" and "unreachable" in (f.current.scan_detail or "")
