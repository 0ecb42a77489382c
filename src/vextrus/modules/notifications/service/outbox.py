"""The notification outbox: deliveries made from events (once per event, in the handler's transaction),
sent by a dispatcher that claims each one before sending and records the outcome after, retried with
exponential backoff, dead-lettered after the last attempt; an administrator retries dead letters.

Crash safety: a delivery is a row before anything is sent, so a process killed at any moment loses none.
A dispatcher claims a row (pending → sending, with a lease) in its own committed transaction before it
sends, and records `sent` right after; a row is taken again only when its lease has run out, so two
dispatchers never send the same row, and a restarted process sends only what was not recorded as sent.
The one window left — the receiver accepted the message and the process died before recording it —
resends with the same Message-ID / delivery id / SMS reference, which receivers fold."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from markupsafe import Markup
from sqlalchemy import func, or_, select, update

from vextrus.platform import clock, context, i18n
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work

from .. import config
from ..channels import SendFailed
from ..channels import email as email_channel
from ..channels import sms as sms_channel
from ..channels import webhook as webhook_channel
from ..domain import addresses, backoff, catalogue
from ..domain import templates as tpl
from ..domain.errors import invalid, missing
from ..schemas import AttemptView, DeliveryView, DispatchReport, InAppMessage, InboxView
from ..tables import Attempt, Delivery, Preference, Webhook
from . import texts

DISPATCH = "notifications.delivery.dispatch"
VIEW = "notifications.delivery.view"
RETRY = "notifications.delivery.retry"
INBOX = "notifications.inbox.read"
SEND = "notifications.email.send"
MAX_ATTACHMENT = 10 * 1024 * 1024


def delivery_view(d: Delivery) -> DeliveryView:
    return DeliveryView(id=d.id, event=d.event, channel=d.channel, user_id=d.user_id, address=d.address,
                        locale=d.locale, subject=d.subject, status=d.status, attempts=d.attempts,
                        next_attempt_at=d.next_attempt_at, last_error=d.last_error, provider=d.provider,
                        parts=d.parts, created_at=d.created_at, sent_at=d.sent_at)


# ---- fan-out: event -> deliveries -----------------------------------------------------------


def _add(uow: UnitOfWork, key: str, known: set[str] | None = None, **kw: Any) -> bool:
    """Queue one delivery unless its key is already queued (an event handled once makes it once; this
    guards the digest and explicit sends too). `known`: the keys already queued, read once by the caller."""
    if known is not None:
        if key in known:
            return False
        known.add(key)
    elif uow.session.execute(select(Delivery.id).where(Delivery.key == key)).first() is not None:
        return False
    now = clock.now()
    uow.session.add(Delivery(key=key[:200], created_at=now, next_attempt_at=now, attempts=0, **kw))
    return True


Values = dict[str, Any] | Callable[[str], dict[str, Any]]  # or per language: locale -> values


def _messages(uow: UnitOfWork, event: str, values: Values) -> Callable[[str, str], tuple[str, str]]:
    """(channel, locale) -> (subject, body), each rendered once per event."""
    done: dict[tuple[str, str], tuple[str, str]] = {}
    custom = texts.texts_of(uow, event)  # the tenant's own words for this event, one query

    def message(channel: str, locale: str) -> tuple[str, str]:
        if (channel, locale) not in done:
            spec = catalogue.spec(event)
            text = custom.get((channel, locale)) or (spec.default(channel, locale) if spec else catalogue.Text("", ""))
            r = texts.render(text, values(locale) if callable(values) else values)
            done[(channel, locale)] = (r.subject, r.body)
        return done[(channel, locale)]

    return message


def fan_out(uow: UnitOfWork, event: str, event_id: UUID, values: Values, *, payload: dict[str, Any],
            subject: tuple[UUID, str, str] | None = None, link: str = "", assignees: list[Any] | None = None,
            only: Callable[[Any], bool] | None = None, outside: tuple[dict[str, str], str] | None = None) -> int:
    """Queue the deliveries an event makes: to the person it names (`subject`: user id, email, language),
    to the users it hands work to (`assignees`: auth users; their preferences may turn a channel off, or
    on for SMS), or to the users who asked for it in their preferences (of whom `only` keeps those who may
    see it: a company's ledger is told to that company's people), or to someone outside the users whom the
    event names (`outside`: an address per channel and the language; a buyer reminded of an instalment), and
    to every active webhook listening for it. Returns how many were queued."""
    spec = catalogue.spec(event)
    made = 0
    known = set(uow.session.execute(select(Delivery.key).where(Delivery.event_id == event_id)).scalars())
    _message = _messages(uow, event, values)
    if spec is not None and spec.audience == "subject" and subject is not None:
        uid, address, locale = subject
        for ch in spec.channels:
            subj, body = _message(ch, locale)
            made += _add(uow, f"{event_id}:{ch}:{uid}", known, event_id=event_id, event=event, channel=ch, user_id=uid,
                         address=address, locale=locale, subject=subj, body=body, link=link,
                         status="sent" if ch == "in_app" else "pending")
    elif spec is not None and spec.audience == "party" and outside is not None:
        to, locale = outside
        locale = locale if locale in catalogue.LOCALES else "en"
        for ch in spec.channels:
            if not to.get(ch):
                continue
            subj, body = _message(ch, locale)
            made += _add(uow, f"{event_id}:{ch}:party", known, event_id=event_id, event=event, channel=ch,
                         user_id=None, address=to[ch], locale=locale, subject=subj, body=body, link=link,
                         status="pending")
    elif spec is not None and spec.audience == "assignees" and assignees:
        chosen = {(p.user_id, p.channel): p.mode for p in uow.session.execute(
            select(Preference).where(Preference.event == event,
                                     Preference.user_id.in_([u.id for u in assignees]))).scalars()}
        for u in assignees:
            for ch in spec.channels:
                mode = chosen.get((u.id, ch), catalogue.default_mode(spec, ch))
                made += _to_user(uow, known, _message, event, event_id, u, ch, mode, link)
    elif spec is not None and spec.audience == "subscribers":
        from vextrus.modules.auth import api as auth

        prefs = uow.session.execute(select(Preference).where(Preference.event == event,
                                                             Preference.mode != "off")).scalars().all()
        users: dict[UUID, Any] = {}
        for p in prefs:
            if p.channel not in spec.channels:
                continue
            if p.user_id not in users:
                u = auth.user(p.user_id)
                users[p.user_id] = u if u is None or only is None or only(u) else None
            made += _to_user(uow, known, _message, event, event_id, users[p.user_id], p.channel, p.mode, link)
    for hook in uow.session.execute(select(Webhook).where(Webhook.active.is_(True))).scalars():
        if event in (hook.events or []) or "*" in (hook.events or []):
            body = json.dumps({"id": str(event_id), "event": event, "tenant_id": str(hook.tenant_id),
                               "payload": payload}, ensure_ascii=False, sort_keys=True, default=str)
            made += _add(uow, f"{event_id}:webhook:{hook.id}", known, event_id=event_id, event=event, channel="webhook",
                         webhook_id=hook.id, address=hook.url, locale="en", subject=event, body=body,
                         status="pending")
    uow.session.flush()
    return made


def _to_user(uow: UnitOfWork, known: set[str], message: Callable[[str, str], tuple[str, str]], event: str,
             event_id: UUID, u: Any, channel: str, mode: str, link: str) -> int:
    """One user's delivery on one channel, in their language (none when off, inactive or without address)."""
    if u is None or not u.active or mode == "off":
        return 0
    address = {"email": u.email, "sms": u.mobile or "", "in_app": ""}[channel]
    if channel != "in_app" and not address:
        return 0
    locale = u.language if u.language in catalogue.LOCALES else "en"
    subj, body = message(channel, locale)
    status = "sent" if channel == "in_app" else ("held" if mode == "digest" else "pending")
    return int(_add(uow, f"{event_id}:{channel}:{u.id}", known, event_id=event_id, event=event, channel=channel,
                    user_id=u.id, address=address, locale=locale, subject=subj, body=body, link=link, status=status,
                    sent_at=clock.now() if channel == "in_app" else None))


# ---- an explicit email to an outside address (api.send_email) ---------------------------------


@command(SEND, scope="notifications.send_email")
def send_email(uow: UnitOfWork, key: str, to: str, subject: str, body: str, *, locale: str = "en",
               event: str = "notifications.email", link: str = "",
               attachment: tuple[str, str, bytes] | None = None) -> DeliveryView:
    """Queue one email to `to` (an address outside the users: a vendor) with an optional attachment;
    `key` names the message, so the same key queues it once (asking again answers the first delivery).
    The dispatcher sends it like any other delivery (retries, log, dead letters)."""
    address = shown = (to or "").strip()  # as given
    if not addresses.valid_email(address):
        raise invalid("email_address", f"'{address}' is not an email address", f"'{shown}' ইমেইল ঠিকানা নয়", "to")
    if attachment is not None and len(attachment[2]) > MAX_ATTACHMENT:
        raise invalid("attachment_too_large", "The attachment is larger than 10 MB", "সংযুক্তি ১০ এমবির বেশি",
                      "attachment")
    full = f"explicit:{key}"[:200]
    d = uow.session.execute(select(Delivery).where(Delivery.key == full)).scalars().first()
    if d is None:
        name, ctype, data = attachment if attachment is not None else ("", "", None)
        _add(uow, full, event=event, channel="email", user_id=context.current().user_id, address=address,
             locale=locale if locale in catalogue.LOCALES else "en", subject=subject[:400], body=body, link=link,
             status="pending", attachment_name=name[:200], attachment_type=ctype[:100], attachment=data)
        uow.session.flush()
        d = uow.session.execute(select(Delivery).where(Delivery.key == full)).scalars().one()
    return delivery_view(d)


# ---- dispatch ----------------------------------------------------------------------------------


def _claim(want: int) -> list[UUID]:
    """Take due deliveries: pending ones whose time has come, and sending ones whose lease ran out
    (their dispatcher died). Each is a compare-and-set, so two dispatchers never take the same row."""
    now = clock.now()
    cfg = config.current()
    lease = now + timedelta(seconds=cfg.lease_seconds)
    channels = ["webhook"] + (["email"] if cfg.smtp_host else []) + (["sms"] if cfg.sms_providers else [])
    with unit_of_work() as uow:  # a channel not configured yet keeps its messages waiting, attempts untouched
        rows = uow.session.execute(
            select(Delivery.id, Delivery.status, Delivery.attempts)
            .where(Delivery.channel.in_(channels), or_(Delivery.status == "pending",
                       (Delivery.status == "sending") & (Delivery.claimed_until < now)),
                   or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now))
            .order_by(Delivery.next_attempt_at, Delivery.id).limit(want + 8)).all()  # some may be taken meanwhile
        taken: list[UUID] = []
        for did, status, attempts in rows:
            if len(taken) >= want:
                break
            res = uow.session.execute(
                update(Delivery).where(Delivery.id == did, Delivery.status == status, Delivery.attempts == attempts)
                .values(status="sending", claimed_until=lease, attempts=attempts + 1)
                .execution_options(synchronize_session=False))
            if res.rowcount == 1:
                taken.append(did)
    return taken


def _send(d: Delivery, hook: Webhook | None, mailer: email_channel.Mailer) -> tuple[str, int]:
    cfg = config.current()
    if d.channel == "email":
        attachment = (d.attachment_name, d.attachment_type, d.attachment) if d.attachment is not None else None
        return mailer.send(d.address, d.subject, tpl.plain(d.body), d.body, str(d.id), attachment), 0
    if d.channel == "sms":
        name, seg = sms_channel.send_with_failover(sms_channel.providers_from(cfg), d.address, tpl.plain(d.body),
                                                   str(d.id))
        return name, seg.count
    if d.channel == "webhook":
        if hook is None or not hook.active:
            raise SendFailed("webhook disabled or removed", "webhook")
        webhook_channel.post(hook.url, hook.secret, d.body.encode(), str(d.id), d.event,
                             int(clock.now().timestamp()), cfg.timeout_seconds, cfg.webhook_allow_private)
        return "webhook", 0
    raise SendFailed(f"unknown channel {d.channel}")


def _record(did: UUID, error: SendFailed | None, provider: str, parts: int, report: DispatchReport) -> None:
    now = clock.now()
    with unit_of_work() as uow:
        d = uow.session.get(Delivery, did)
        if d is None or d.status != "sending":
            return
        uow.session.add(Attempt(delivery_id=d.id, number=d.attempts, at=now, ok=error is None,
                                provider=(error.provider if error else provider)[:60],
                                error=str(error)[:1000] if error else ""))
        hook = uow.session.get(Webhook, d.webhook_id) if d.webhook_id else None
        d.claimed_until = None
        if error is None:
            d.status, d.sent_at, d.provider, d.parts, d.last_error = "sent", now, provider[:60], parts, ""
            report.sent += 1
            if hook is not None and hook.failures:
                hook.failures = 0
            return
        d.last_error = str(error)[:1000]
        if hook is not None and hook.active:
            hook.failures += 1
            if hook.failures >= hook.max_failures:
                hook.active, hook.disabled_at = False, now
        retry_at = backoff.next_attempt(now, d.attempts) if (hook is None or hook.active) else None
        if retry_at is None:
            d.status, d.next_attempt_at = "dead", None
            report.dead += 1
        else:
            d.status, d.next_attempt_at = "pending", retry_at
            report.retrying += 1


def dispatch_pending(limit: int | None = None) -> DispatchReport:
    """Send the current tenant's due deliveries (run every minute by the `notifications.dispatch` job;
    the administrator's "send now"). One delivery is claimed at a time, so a dispatcher that dies holds
    at most one message until its lease runs out; network work happens outside any transaction."""
    context.current().require(DISPATCH)
    report = DispatchReport()
    with email_channel.Mailer(config.current()) as mailer:  # one SMTP connection for the whole run
        _dispatch(limit or config.current().batch, mailer, report)
    return report


def _dispatch(limit: int, mailer: email_channel.Mailer, report: DispatchReport) -> None:
    for _ in range(limit):
        taken = _claim(1)
        if not taken:
            break
        report.claimed += 1
        did = taken[0]
        with unit_of_work() as uow:
            d = uow.session.get(Delivery, did)
            hook = uow.session.get(Webhook, d.webhook_id) if d is not None and d.webhook_id else None
            uow.session.expunge_all()
        if d is None:
            continue
        try:
            provider, parts = _send(d, hook, mailer)
            _record(did, None, provider, parts, report)
        except SendFailed as exc:
            _record(did, exc, "", 0, report)


# ---- digest --------------------------------------------------------------------------------


def send_digests() -> int:
    """Fold each user's held (digest) emails into one email; returns how many digests were queued."""
    context.current().require(DISPATCH)
    today = clock.today().isoformat()
    made = 0
    with unit_of_work() as uow:
        held = uow.session.execute(select(Delivery).where(Delivery.status == "held", Delivery.channel == "email")
                                   .order_by(Delivery.user_id, Delivery.created_at)).scalars().all()
        by_user: dict[tuple[UUID | None, str, str], list[Delivery]] = {}
        for d in held:
            by_user.setdefault((d.user_id, d.address, d.locale), []).append(d)
        for (uid, address, locale), items in by_user.items():
            text = catalogue.DIGEST_BN if locale == "bn" else catalogue.DIGEST_EN
            values = {"count": i18n.format_count(len(items), locale), "messages": [{"subject": i.subject, "body": Markup(i.body)} for i in items]}
            r = texts.render(text, values)
            if _add(uow, f"digest:{today}:{uid}:{len(items)}:{items[-1].id}", event="notifications.digest",
                    channel="email", user_id=uid, address=address, locale=locale, subject=r.subject, body=r.body,
                    status="pending"):
                made += 1
            for i in items:
                i.status = "digested"
    return made


# ---- the administrator's view: log, dead letters, retry ------------------------------------


@query(VIEW)
def deliveries(uow: UnitOfWork, status: str | None = None, channel: str | None = None,
               limit: int = 100) -> list[DeliveryView]:
    q = select(Delivery).order_by(Delivery.created_at.desc(), Delivery.id.desc()).limit(min(max(limit, 1), 500))
    if status:
        q = q.where(Delivery.status == status)
    if channel:
        q = q.where(Delivery.channel == channel)
    return [delivery_view(d) for d in uow.session.execute(q).scalars()]


@query(VIEW)
def attempts(uow: UnitOfWork, delivery_id: UUID) -> list[AttemptView]:
    rows = uow.session.execute(select(Attempt).where(Attempt.delivery_id == delivery_id)
                               .order_by(Attempt.number, Attempt.at)).scalars()
    return [AttemptView(number=a.number, at=a.at, ok=a.ok, provider=a.provider, error=a.error) for a in rows]


@command(RETRY, scope="notifications.retry_delivery")
def retry(uow: UnitOfWork, delivery_id: UUID) -> DeliveryView:
    """A dead letter goes back to the queue with fresh attempts (its log stays)."""
    d = uow.session.get(Delivery, delivery_id)
    if d is None or d.tenant_id != context.require_tenant():
        raise missing("delivery", "বিজ্ঞপ্তি পাঠানো", delivery_id, "delivery_id")
    if d.status == "dead":
        d.status, d.attempts, d.next_attempt_at, d.claimed_until = "pending", 0, clock.now(), None
        if d.webhook_id:
            hook = uow.session.get(Webhook, d.webhook_id)
            if hook is not None and not hook.active:
                hook.active, hook.failures, hook.disabled_at = True, 0, None
    uow.session.flush()
    return delivery_view(d)


@command(RETRY, scope="notifications.retry_dead")
def retry_dead(uow: UnitOfWork) -> int:
    rows = uow.session.execute(select(Delivery).where(Delivery.status == "dead")).scalars().all()
    for d in rows:
        d.status, d.attempts, d.next_attempt_at, d.claimed_until = "pending", 0, clock.now(), None
    return len(rows)


# ---- in-app ------------------------------------------------------------------------------------


def _my_inapp() -> Any:
    uid = context.current().user_id
    return (Delivery.channel == "in_app") & (Delivery.user_id == uid)


@query(INBOX)
def unread_count(uow: UnitOfWork) -> int:
    if context.current().user_id is None:
        return 0
    return uow.session.execute(select(func.count()).select_from(Delivery)
                               .where(_my_inapp(), Delivery.read_at.is_(None))).scalar_one()


@query(INBOX)
def inbox(uow: UnitOfWork, unread_only: bool = False, limit: int = 50) -> InboxView:
    q = select(Delivery).where(_my_inapp()).order_by(Delivery.created_at.desc(), Delivery.id.desc()) \
        .limit(min(max(limit, 1), 200))
    if unread_only:
        q = q.where(Delivery.read_at.is_(None))
    msgs = [InAppMessage(id=d.id, event=d.event, subject=d.subject, body=d.body, link=d.link,
                         created_at=d.created_at, read_at=d.read_at) for d in uow.session.execute(q).scalars()]
    return InboxView(unread=unread_count(), messages=msgs)


@command(INBOX, scope="notifications.mark_read")
def mark_read(uow: UnitOfWork, ids: list[UUID] | None = None) -> int:
    """Mark the user's messages read (`ids`, or every unread one); returns how many changed."""
    q = select(Delivery).where(_my_inapp(), Delivery.read_at.is_(None))
    if ids is not None:
        q = q.where(Delivery.id.in_(ids))
    rows = uow.session.execute(q).scalars().all()
    for d in rows:
        d.read_at = clock.now()
    return len(rows)
