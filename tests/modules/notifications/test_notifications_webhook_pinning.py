"""A webhook try connects to the address its check saw (issue 14, server-side request forgery): the host
name is resolved once, checked, and the connection is pinned to that address, so a DNS server that answers
differently a moment later (rebinding) cannot turn the request inside; the request still names the URL's
host. Against a local HTTP server that records requests."""

from __future__ import annotations

import socket

from vextrus.modules.notifications.channels import webhook


def test_the_connection_goes_to_the_checked_address_without_resolving_the_name_again(http_recorder, monkeypatch):
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
    monkeypatch.setattr(webhook, "refused_address", lambda _addresses: None)  # 127.0.0.1 stands for a public one
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
