"""Notifications dispatched per second, through the whole path: an event in the outbox, the handler
making deliveries (email and in-app for every subscriber, one signed webhook), and the dispatcher sending
the emails to a real local SMTP server (aiosmtpd) and the webhooks to a local HTTP server.

    PYTHONPATH=src python bench/notifications.py [--size tiny|full] [--database sqlite|postgresql+psycopg://root@127.0.0.1:5432/test]
                                                 [--dispatchers N]

tiny: 20 events x 3 subscribers; full: 300 events x 5 subscribers. Prints the fan-out rate (events
turned into deliveries per second, in the relay) and the dispatch rate (messages sent per second, with N
dispatchers side by side; each message is claimed, sent and recorded in its own transactions), and checks
that every email arrived exactly once.
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")


class _Box:
    def __init__(self) -> None:
        self.to: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        with self.lock:
            for r in envelope.rcpt_tos:
                self.to[r] += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:  # noqa: PLR0915 - a linear script
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    ap.add_argument("--database", default="sqlite")
    ap.add_argument("--dispatchers", type=int, default=2)
    args = ap.parse_args()
    events, subscribers = (20, 3) if args.size == "tiny" else (300, 5)

    from aiosmtpd.controller import Controller

    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.master_data.events import DocumentExpiring
    from vextrus.modules.notifications import config, service
    from vextrus.modules.notifications.schemas import PreferenceInput, WebhookInput
    from vextrus.modules.organization import api as org
    from vextrus.platform import bootstrap, clock, context, runtime
    from vextrus.platform.ids import new_id
    from vextrus.platform.settings import load_settings
    from vextrus.platform.tables import Tenant
    from vextrus.platform.uow import unit_of_work

    box = _Box()
    port = _free_port()
    smtp = Controller(box, hostname="127.0.0.1", port=port)
    smtp.start()
    hooks = Counter()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hooks[self.headers.get("X-Vextrus-Delivery")] += 1
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a) -> None:  # noqa: ANN002
            return None

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()

    drop = None
    if args.database == "sqlite":
        url, owner_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", None
    else:
        from vextrus.platform.scratch import scratch_database

        scratch = scratch_database(args.database, owner="vextrus_app_bench", runtime="vextrus_runtime_bench",
                                   prefix="vextrus_bench")
        url, owner_url, drop = scratch.url, scratch.owner_url, scratch.drop
    try:
        rt = runtime.start(load_settings(database_url=url, migration_database_url=owner_url,
                                         data_dir=Path(tempfile.mkdtemp()), secret_key="b" * 48, log_level="warning"))
        bootstrap.migrate(rt)
        config.use(config.NotifyConfig(smtp_host="127.0.0.1", smtp_port=port, timeout_seconds=10,
                                       webhook_allow_private=True))  # its webhook receiver is local
        with context.acting_as(context.system_context()), rt.session_factory.begin() as s:
            tenant = Tenant(code="nbench", name="Bench Ltd.")
            s.add(tenant)
        tid = tenant.id
        with context.acting_as(context.system_context(tid)):
            c = org.create_company(org.CompanyInput(code="B", name="Bench Ltd."))
            auth.seed_default_roles(c.id)
            users = [auth.create_user(auth.UserInput(email=f"u{i}@bench.example", name=f"User {i}",
                                                     language="bn" if i % 2 else "en"),
                                      "a long enough password 1", c.id, ["owner"]) for i in range(subscribers)]
            service.create_webhook(WebhookInput(name="mirror", url=f"http://127.0.0.1:{http.server_address[1]}/",
                                                events=["master_data.party.document_expiring"]))
        for u in users:
            with context.acting_as(sessions.context_for(u.id, tid, company_id=c.id)):
                service.set_preferences([PreferenceInput(event="master_data.party.document_expiring", channel=ch,
                                                         mode="immediate") for ch in ("email", "in_app")])
        rt.relay.notify = lambda *a, **k: None  # emit first, deliver after: time the fan-out alone
        with context.acting_as(context.system_context(tid, actor="bench")), unit_of_work() as uow:
            for i in range(events):
                uow.emit(DocumentExpiring(party_id=new_id(), party_code=f"V-{i:05d}", party_name=f"Vendor {i} Ltd.",
                                          document_kind="trade_licence", document_number=f"TL-{i}",
                                          expires_on=clock.today() + timedelta(days=10), days_left=10))
        t = time.perf_counter()
        rt.relay.drain(batch=1000)
        fan = time.perf_counter() - t
        with context.acting_as(context.system_context(tid)):
            made = len(service.deliveries(limit=500)) if events * (2 * subscribers + 1) <= 500 else None

        sent = Counter()

        def dispatcher(n: int) -> None:
            with context.acting_as(context.system_context(tid, actor=f"job:notifications.dispatch#{n}")):
                while True:
                    r = service.dispatch_pending(limit=50)
                    sent[n] += r.sent
                    if r.claimed == 0:
                        return

        t = time.perf_counter()
        threads = [threading.Thread(target=dispatcher, args=(n,)) for n in range(args.dispatchers)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        took = time.perf_counter() - t
        total = sum(sent.values())
        emails, in_app = events * subscribers, events * subscribers
        db = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
        print(f"notifications bench ({args.size}, {db}, {args.dispatchers} dispatchers)")
        print(f"  events {events}, subscribers {subscribers}: {emails} emails, {in_app} in-app, {events} webhooks"
              + (f" ({made} deliveries made)" if made is not None else ""))
        print(f"  fan-out (relay + handler): {events / fan:,.0f} events/s, "
              f"{(emails + in_app + events) / fan:,.0f} deliveries/s ({fan * 1000:,.0f} ms)")
        print(f"  dispatch: {total} sent in {took * 1000:,.0f} ms = {total / took:,.0f} notifications/s "
              f"(email via SMTP + signed webhooks)")
        dupes = [k for k, v in box.to.items() if v != events]
        print(f"  emails received: {sum(box.to.values())} (each subscriber {events}: "
              f"{'ok' if not dupes and len(box.to) == subscribers else 'WRONG ' + str(dupes)}); "
              f"webhooks received: {sum(hooks.values())}, duplicates: {sum(1 for v in hooks.values() if v > 1)}")
    finally:
        smtp.stop()
        http.shutdown()
        if drop:
            runtime.current().close()
            drop()


if __name__ == "__main__":
    main()
