"""Email over SMTP (stdlib smtplib/email). The Message-ID is the delivery's id, so a message that has to be
sent again after a crash in the moment between the server's acceptance and our record of it carries the
same id (mail systems fold duplicates by it)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

from . import SendFailed


def build(mail_from: str, to: str, subject: str, text: str, html: str, message_id: str) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = mail_from
    msg["To"] = to
    msg["Subject"] = subject  # RFC 2047 encoded words for Bangla (the policy folds and encodes)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{message_id}@vextrus>"
    msg.set_content(text, charset="utf-8")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def send(config, to: str, subject: str, text: str, html: str, message_id: str) -> str:  # noqa: ANN001
    """Send one message; returns the provider label ("smtp:host"). SendFailed on any refusal."""
    if not config.smtp_host:
        raise SendFailed("email is not configured (VEXTRUS_NOTIFY_SMTP_HOST)", "smtp")
    msg = build(config.mail_from, to, subject, text, html, message_id)
    label = f"smtp:{config.smtp_host}"
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout_seconds) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_username:
                smtp.login(config.smtp_username, config.smtp_password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}", label) from exc
    return label
