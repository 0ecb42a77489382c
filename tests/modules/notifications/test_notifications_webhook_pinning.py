"""A webhook try connects to the address its check saw (issue 14, server-side request forgery): the host
name is resolved once, checked, and the connection is pinned to that address, so a DNS server that answers
differently a moment later (rebinding) cannot turn the request inside; the request still names the URL's
host. Against a local HTTP server that records requests."""

from __future__ import annotations

import socket

from vextrus.modules.notifications.channels import webhook


def test_the_connection_goes_to_the_checked_address_without_resolving_the_name_again(
    http_recorder, monkeypatch
):
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    port = http_recorder.server.server_address[1]
    url = f"http://hooks.rebind.test:{port}/in"
    checked: list[str] = []

    def resolve_once(u: str) -> list[str]:  # what the check's lookup answers
        checked.append(u)
        return ["127.0.0.1"]

    real = socket.getaddrinfo

    def rebinding_dns(host, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        if host == "hooks.rebind.test":
            raise AssertionError("the name was resolved a second time, after its check")
        return real(host, *args, **kw)

    monkeypatch.setattr(webhook, "host_addresses", resolve_once)
    monkeypatch.setattr(
        webhook, "refused_address", lambda _addresses: None
    )  # 127.0.0.1 stands for a public one
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    webhook.post(url, "s3cret", b'{"event": "x"}', "d-1", "x.y.z", 1_700_000_000, 5)
    assert checked == [url] and len(http_recorder.requests) == 1
    got = http_recorder.requests[0]
    assert got["headers"]["Host"] == f"hooks.rebind.test:{port}" and got["path"] == "/in"


def test_a_refused_address_is_never_connected_to(http_recorder, monkeypatch):
    monkeypatch.setattr(webhook, "host_addresses", lambda _u: ["10.0.0.7"])
    try:
        webhook.post("http://inside.test/x", "s", b"{}", "d-2", "x.y.z", 1_700_000_000, 5)
    except webhook.SendFailed as exc:
        assert "10.0.0.7" in str(exc)
    else:
        raise AssertionError("a private address was accepted")
    assert http_recorder.requests == []


def _authority_and_server_cert(folder, name: str):  # noqa: ANN001, ANN202
    """A test certificate authority and a certificate it signed for `name` (PEM files)."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Vextrus test authority")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return ca_pem, cert_pem, key_pem


def test_a_pinned_https_try_verifies_the_certificate_of_the_urls_host(tmp_path, monkeypatch):
    """Over TLS the pinned connection sends the URL's host name (SNI) and checks the certificate against it:
    the endpoint's certificate for hooks.rebind.test is accepted, a certificate for another name is not."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    got: list[dict] = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            got.append(
                {"host": self.headers["Host"], "body": self.rfile.read(int(self.headers["Content-Length"]))}
            )
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a) -> None:  # noqa: ANN002
            return None

    def serve(name: str):  # noqa: ANN202
        folder = tmp_path / name
        folder.mkdir()
        ca, cert, key = _authority_and_server_cert(folder, name)
        server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(cert, key)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, ca

    monkeypatch.setattr(webhook, "host_addresses", lambda _u: ["127.0.0.1"])
    monkeypatch.setattr(
        webhook, "refused_address", lambda _addresses: None
    )  # 127.0.0.1 stands for a public one
    good, ca = serve("hooks.rebind.test")
    try:
        monkeypatch.setattr(webhook, "_tls_context", lambda: ssl.create_default_context(cafile=str(ca)))
        port = good.server_address[1]
        webhook.post(
            f"https://hooks.rebind.test:{port}/in", "s3cret", b"{}", "d-3", "x.y.z", 1_700_000_000, 5
        )
        assert got == [{"host": f"hooks.rebind.test:{port}", "body": b"{}"}]
    finally:
        good.shutdown()
    other, other_ca = serve("elsewhere.test")  # a certificate for another name at the pinned address
    try:
        monkeypatch.setattr(webhook, "_tls_context", lambda: ssl.create_default_context(cafile=str(other_ca)))
        try:
            webhook.post(
                f"https://hooks.rebind.test:{other.server_address[1]}/in",
                "s",
                b"{}",
                "d-4",
                "x.y.z",
                1_700_000_000,
                5,
            )
        except webhook.SendFailed as exc:
            assert "hostname" in str(exc).lower() or "certificate" in str(exc).lower()
        else:
            raise AssertionError("a certificate for another host name was accepted")
    finally:
        other.shutdown()
    assert len(got) == 1
