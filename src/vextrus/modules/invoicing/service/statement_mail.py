"""A party's statement e-mailed to the party (issue 16): the statement's PDF in English or Bangla attached,
through the notifications module's outbox (retried there; sent once per call) to the e-mail address master data
holds for the customer or vendor. Odoo's "Send" on a follow-up report and ERPNext's "Process Statement Of
Accounts" e-mail do the same."""

from __future__ import annotations

from datetime import date

from markupsafe import escape

from vextrus.platform import clock, context, runtime
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command

from ..events import StatementEmailed
from ..schemas import StatementEmailedView, StatementEmailInput
from .statements import statement_pdf


def _mail(lang: str, party: str, company: str, kind: str, date_to: date) -> tuple[str, str]:
    """Subject and HTML body of the covering e-mail (names escaped by the caller, in the statement's language)."""
    if lang == "bn":
        return _mail_bn(party, company, date_to)
    day = date_to.strftime("%d %b %Y")
    whose = "your account with us" if kind == "sales" else "our account with you"
    return (f"{company}: statement of account to {day}",
            f"<p>Dear {party},</p><p>Please find attached the statement of {whose} to {day}. Do let us know of "
            f"any difference.</p><p>Regards,<br>{company}</p>")


def _mail_bn(party_bn: str, company_bn: str, date_to: date) -> tuple[str, str]:
    from vextrus.platform.i18n import to_bangla_digits

    day_bn = to_bangla_digits(date_to.strftime("%d/%m/%Y"))
    return (f"{company_bn}: হিসাব বিবরণী, {day_bn} পর্যন্ত",
            f"<p>{party_bn},</p><p>{day_bn} পর্যন্ত আপনার হিসাব বিবরণী সংযুক্ত করা হলো। কোনো গরমিল থাকলে "
            f"অনুগ্রহ করে জানাবেন।</p><p>ধন্যবাদান্তে,<br>{company_bn}</p>")


@command("invoicing.invoice.manage", scope="invoicing.statement.email")
def email_statement(uow: UnitOfWork, body: StatementEmailInput) -> StatementEmailedView:
    """Queue one e-mail of the party's statement with its PDF (needs `invoicing.report.view` too, to read it).
    Refused, nothing sent: e-mail not running (`invoicing.email_unavailable`), a party without an e-mail address
    (`invoicing.party_no_email`, field `party_id`), and whatever the statement itself refuses (dates, an unknown
    party, too long to print). An Idempotency-Key makes a retry answer the first call without a second e-mail."""
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.notifications import api as notifications
    from vextrus.modules.organization import api as organization

    from .. import MODULE

    lang = "bn" if body.lang == "bn" else "en"
    kind = "purchase" if body.kind == "purchase" else "sales"
    date_to = body.date_to or clock.today()
    if "notifications" not in runtime.current().registry.names:
        raise ValidationFailed("invoicing.email_unavailable",
                               "E-mail is not available (the notifications module is not running)",
                               "ইমেইল পাঠানো যাচ্ছে না (বিজ্ঞপ্তি মডিউল চালু নেই)", field="party_id")
    filename, pdf = statement_pdf(body.company_id, kind, body.party_id, date_to, body.date_from, lang)
    with context.calling_as(MODULE):
        party = master_data.get_party(body.party_id)
        company = organization.get_company(body.company_id)
    email = (party.email or "").strip()
    if not email:
        shown = party.legal_name_bn or party.legal_name
        raise ValidationFailed("invoicing.party_no_email", f"{party.legal_name} has no e-mail address in master data",
                               f"{shown}-এর ইমেইল ঠিকানা মাস্টার ডেটায় নেই", field="party_id")
    bn = lang == "bn"
    party_name = (party.legal_name_bn or party.legal_name) if bn else party.legal_name
    co_name = ((company.name_bn or company.name) if bn else company.name) if company else ""
    subject, html = _mail(lang, str(escape(party_name)), str(escape(co_name)), kind, date_to)
    with context.calling_as(MODULE):
        notifications.send_email(f"invoicing.statement:{body.party_id}:{new_id()}", email, subject, html, locale=lang,
                                 event="invoicing.statement.emailed",
                                 link=f"/invoicing/statement?company={body.company_id}&kind={kind}&party={body.party_id}",
                                 attachment=(filename, "application/pdf", pdf))
    uow.emit(StatementEmailed(company_id=body.company_id, kind=kind, party_id=body.party_id, email=email, lang=lang,
                              date_from=body.date_from, date_to=date_to))
    return StatementEmailedView(company_id=body.company_id, kind=kind, party_id=body.party_id, email=email, lang=lang,
                                filename=filename, date_from=body.date_from, date_to=date_to)
