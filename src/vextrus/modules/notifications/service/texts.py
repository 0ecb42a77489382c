"""Templates and preferences: the words a message is made of, and who wants which message how."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.uow import UnitOfWork, command, query
from vextrus.platform.versioning import check_version

from ..domain import catalogue
from ..domain import templates as tpl
from ..domain.errors import missing
from ..schemas import PreferenceInput, PreferenceView, PreviewView, RenderedView, TemplateInput, TemplateView
from ..tables import Preference, Template

CHANNEL_BN = {"email": "ইমেইল", "sms": "এসএমএস", "in_app": "অ্যাপের ভিতরের"}  # a channel on a Bangla page

TEMPLATE_MANAGE = "notifications.template.manage"
PREFERENCE_MANAGE = "notifications.preference.manage"


def _spec(event: str, channel: str | None = None) -> catalogue.EventSpec:
    spec = catalogue.spec(event)
    if spec is None:
        raise missing("notification event", "বিজ্ঞপ্তির ঘটনা", event, "event")
    if channel is not None and channel not in spec.channels:
        raise ValidationFailed("channel_not_offered", f"{event} is not sent by {channel}",
                               f"{spec.title_bn} {CHANNEL_BN.get(channel, 'এই')} চ্যানেলে পাঠানো হয় না", field="channel",
                               details={"channels": list(spec.channels)})
    return spec


def _locale(locale: str) -> str:
    if locale not in catalogue.LOCALES:
        raise ValidationFailed("locale_unknown", "Language must be en or bn", "ভাষা en অথবা bn হতে হবে", field="locale")
    return locale


def text_for(uow: UnitOfWork, event: str, channel: str, locale: str) -> catalogue.Text:
    """The tenant's words for (event, channel, locale), else the catalogue's default."""
    row = uow.session.execute(select(Template).where(Template.event == event, Template.channel == channel,
                                                     Template.locale == locale)).scalar_one_or_none()
    if row is not None:
        return catalogue.Text(row.subject, row.body)
    return _spec(event).default(channel, locale)


def texts_of(uow: UnitOfWork, event: str) -> dict[tuple[str, str], catalogue.Text]:
    """The tenant's saved words for an event: (channel, locale) -> text."""
    return {(r.channel, r.locale): catalogue.Text(r.subject, r.body)
            for r in uow.session.execute(select(Template).where(Template.event == event)).scalars()}


def render(text: catalogue.Text, values: dict[str, object]) -> RenderedView:
    subject = tpl.plain(tpl.render(text.subject, values, "subject")) if text.subject else ""
    body = tpl.render(text.body, values, "body")
    return RenderedView(locale="", subject=subject, body=body, text=tpl.plain(body))


def _view(event: str, channel: str, locale: str, row: Template | None) -> TemplateView:
    if row is None:
        d = _spec(event).default(channel, locale)
        return TemplateView(event=event, channel=channel, locale=locale, subject=d.subject, body=d.body,
                            customised=False)
    return TemplateView(event=event, channel=channel, locale=locale, subject=row.subject, body=row.body,
                        customised=True, version=row.version)


@query(TEMPLATE_MANAGE)
def list_templates(uow: UnitOfWork) -> list[TemplateView]:
    rows = {(r.event, r.channel, r.locale): r for r in uow.session.execute(select(Template)).scalars()}
    return [_view(s.event, ch, loc, rows.get((s.event, ch, loc)))
            for s in catalogue.EVENTS.values() for ch in s.channels for loc in catalogue.LOCALES]


@query(TEMPLATE_MANAGE)
def get_template(uow: UnitOfWork, event: str, channel: str, locale: str) -> TemplateView:
    _spec(event, channel)
    row = uow.session.execute(select(Template).where(Template.event == event, Template.channel == channel,
                                                     Template.locale == _locale(locale))).scalar_one_or_none()
    return _view(event, channel, locale, row)


def _check(spec: catalogue.EventSpec, data: TemplateInput) -> None:
    tpl.check(data.subject, "subject")
    tpl.check(data.body, "body")
    render(catalogue.Text(data.subject, data.body), dict(spec.sample))  # a name the event does not give: refused now


@command(TEMPLATE_MANAGE, scope="notifications.save_template")
def save_template(uow: UnitOfWork, event: str, channel: str, locale: str, data: TemplateInput,
                  expected_version: int | None = None) -> TemplateView:
    spec = _spec(event, channel)
    _locale(locale)
    _check(spec, data)
    row = uow.session.execute(select(Template).where(Template.event == event, Template.channel == channel,
                                                     Template.locale == locale)).scalar_one_or_none()
    if row is None:
        row = Template(event=event, channel=channel, locale=locale, subject=data.subject, body=data.body,
                       updated_by=context.current().actor[:120])
        uow.session.add(row)
    else:
        check_version(row, expected_version, f"template {event}/{channel}/{locale}")
        row.subject, row.body, row.updated_by = data.subject, data.body, context.current().actor[:120]
    uow.session.flush()
    return _view(event, channel, locale, row)


@command(TEMPLATE_MANAGE, scope="notifications.reset_template")
def reset_template(uow: UnitOfWork, event: str, channel: str, locale: str) -> TemplateView:
    _spec(event, channel)
    row = uow.session.execute(select(Template).where(Template.event == event, Template.channel == channel,
                                                     Template.locale == _locale(locale))).scalar_one_or_none()
    if row is not None:
        uow.session.delete(row)
        uow.session.flush()
    return _view(event, channel, locale, None)


@query(TEMPLATE_MANAGE)
def preview(uow: UnitOfWork, event: str, channel: str, en: TemplateInput | None = None,
            bn: TemplateInput | None = None) -> PreviewView:
    """The message as it would go out in both languages, with the event's sample values; unsaved text
    (`en`/`bn`) is previewed as typed."""
    spec = _spec(event, channel)
    out = {}
    for loc, typed in (("en", en), ("bn", bn)):
        if typed is not None:
            _check(spec, typed)
        text = catalogue.Text(typed.subject, typed.body) if typed is not None else text_for(uow, event, channel, loc)
        sample = spec.sample_bn if loc == "bn" and spec.sample_bn else spec.sample
        out[loc] = render(text, dict(sample)).model_copy(update={"locale": loc})
    return PreviewView(event=event, channel=channel, en=out["en"], bn=out["bn"])


# ---- preferences ----------------------------------------------------------------------------


def _me() -> UUID:
    uid = context.current().user_id
    if uid is None:
        raise ValidationFailed("user_missing", "Only a signed-in user has preferences",
                               "শুধু সাইন-ইন করা ব্যবহারকারীর পছন্দ থাকে")
    return uid


@query(PREFERENCE_MANAGE)
def my_preferences(uow: UnitOfWork) -> list[PreferenceView]:
    uid = _me()
    stored = {(p.event, p.channel): p.mode for p in uow.session.execute(
        select(Preference).where(Preference.user_id == uid)).scalars()}
    return [PreferenceView(event=s.event, title=s.title, title_bn=s.title_bn, channel=ch, mandatory=s.mandatory,
                           mode="immediate" if s.mandatory else stored.get((s.event, ch), catalogue.default_mode(s, ch)))
            for s in catalogue.EVENTS.values() if s.audience != "party" for ch in s.channels]


@command(PREFERENCE_MANAGE, scope="notifications.set_preferences")
def set_preferences(uow: UnitOfWork, items: list[PreferenceInput]) -> list[PreferenceView]:
    uid = _me()
    for i, item in enumerate(items):
        spec = _spec(item.event, item.channel)
        if item.mode not in catalogue.MODES or (item.mode == "digest" and item.channel != "email"):
            raise ValidationFailed("mode_invalid", f"items[{i}].mode: immediate, off, or digest (email only)",
                                   "পাঠানোর ধরন: তাৎক্ষণিক, বন্ধ, অথবা সারসংক্ষেপ (শুধু ইমেইল)",
                                   field=f"items[{i}].mode")
        if spec.mandatory and item.mode != "immediate":
            raise ValidationFailed("preference_mandatory", f"items[{i}]: {spec.title} cannot be turned off",
                                   f"{spec.title_bn} বন্ধ করা যায় না", field=f"items[{i}].mode")
        row = uow.session.execute(select(Preference).where(
            Preference.user_id == uid, Preference.event == item.event, Preference.channel == item.channel)
        ).scalar_one_or_none()
        if row is None:
            uow.session.add(Preference(user_id=uid, event=item.event, channel=item.channel, mode=item.mode))
        else:
            row.mode = item.mode
    uow.session.flush()
    return my_preferences()
