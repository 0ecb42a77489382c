"""Killing the process while notifications are pending loses none and sends none twice (issue 14, "done
when"). A child process requests five password resets and is killed (SIGKILL) before its events leave the
outbox; the app starts again (this process) and turns them into deliveries; a second child starts
dispatching and is killed after two emails, holding a third claimed but unsent; the app starts again and
sends the rest. The SMTP server (aiosmtpd) receives each of the five exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from datetime import timedelta

from notify_helpers import dispatch, mail, make_user
from sqlalchemy import select

from vextrus.modules.notifications.service import outbox
from vextrus.platform import clock, context
from vextrus.platform.tables import OutboxEvent

CHILD = textwrap.dedent('''
    import json, os, signal, sys
    from pathlib import Path
    from uuid import UUID
    args = json.loads(sys.argv[1])
    from vextrus.platform import context, runtime
    from vextrus.platform.settings import load_settings
    rt = runtime.start(load_settings(database_url=args["url"], data_dir=Path(args["dir"]), secret_key="t" * 48),
                       consume=False)
    from vextrus.modules.notifications import config
    config.use(config.NotifyConfig(smtp_host="127.0.0.1", smtp_port=args["port"], timeout_seconds=5))
    tid = UUID(args["tenant"])
    if args["mode"] == "emit":
        from vextrus.modules.auth.service import sessions
        rt.relay.notify = lambda *a, **k: None  # the process dies before its events are delivered
        for email in args["emails"]:
            sessions.request_password_reset(email)
        print("emitted", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    else:
        from vextrus.modules.notifications.channels import email as channel
        from vextrus.modules.notifications.service import outbox
        real, sent = channel.Mailer.send, []
        def send(self, *a, **k):
            if len(sent) == args["kill_after"]:
                os.kill(os.getpid(), signal.SIGKILL)  # the next delivery is claimed, and never sent
            out = real(self, *a, **k)
            sent.append(1)
            print("sent", flush=True)
            return out
        channel.Mailer.send = send
        with context.acting_as(context.system_context(tid, actor="job:notifications.dispatch")):
            outbox.dispatch_pending()
''')


def _child(**args) -> subprocess.CompletedProcess:  # noqa: ANN003
    env = dict(os.environ, VEXTRUS_LOG_FORMAT="console")
    return subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], capture_output=True, text=True,
                          timeout=300, env=env)


def test_a_killed_process_loses_no_notification_and_sends_none_twice(db, tenant_id, smtp, notify):
    emails = [mail(tenant_id, f"user{i}") for i in range(5)]
    for e in emails:
        make_user(tenant_id, e)
    common = {"url": db.settings.database_url, "dir": tempfile.mkdtemp(), "port": smtp.port, "tenant": str(tenant_id)}

    first = _child(mode="emit", emails=emails, **common)
    assert first.returncode == -signal.SIGKILL and "emitted" in first.stdout, first.stderr[-2000:]
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        committed = s.execute(select(OutboxEvent.name).where(OutboxEvent.tenant_id == tenant_id,
                                                             OutboxEvent.name == "auth.password_reset.requested")).all()
    assert len(committed) == 5 and smtp.messages == []  # the dead process committed its events, sent nothing

    db.relay.drain()  # the app starts again: its relay delivers what the dead process committed (its
    # background poller may have begun already, when an earlier test started it)
    with context.acting_as(context.system_context(tenant_id)):
        assert sorted(d.address for d in outbox.deliveries()) == sorted(emails)
    assert smtp.messages == []

    second = _child(mode="dispatch", kill_after=2, **common)
    assert second.returncode == -signal.SIGKILL and second.stdout.count("sent") == 2, second.stderr[-2000:]
    assert len(smtp.messages) == 2
    with context.acting_as(context.system_context(tenant_id)):
        states = Counter(d.status for d in outbox.deliveries())
    assert states == {"sent": 2, "sending": 1, "pending": 2}

    assert dispatch(tenant_id).sent == 2  # the app again: the pending ones; the claimed one waits for its lease
    fc = clock.FrozenClock(clock.now() + timedelta(seconds=notify.lease_seconds + 1))
    clock.set_clock(fc)
    try:
        assert dispatch(tenant_id).sent == 1  # the dead dispatcher's claim ran out: sent now, once
        assert dispatch(tenant_id).claimed == 0
    finally:
        clock.set_clock(None)
    received = Counter(m["To"] for m in smtp.messages)
    assert received == dict.fromkeys(emails, 1)
    assert len({m["Message-ID"] for m in smtp.messages}) == 5
