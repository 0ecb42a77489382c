"""Email over SMTP (stdlib smtplib/email). The Message-ID is the delivery's id, so a message that has to be
sent again after a crash in the moment between the server's acceptance and our record of it carries the
same id (mail systems fold duplicates by it)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

from . import SendFailed


def build(mail_from: str, to: str, subject: str, text: str, html: str, message_id: str,
          attachment: tuple[str, str, bytes] | None = None) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = mail_from
    msg["To"] = to
    msg["Subject"] = subject  # RFC 2047 encoded words for Bangla (the policy folds and encodes)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{message_id}@vextrus>"
    msg.set_content(text, charset="utf-8")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    if attachment is not None:  # (file name, content type, bytes)
        name, ctype, data = attachment
        main, _, sub = (ctype or "application/octet-stream").partition("/")
        msg.add_attachment(data, maintype=main, subtype=sub or "octet-stream", filename=name)
    return msg


class Mailer:
    """One SMTP connection for a dispatcher's run (opened on the first message, closed at the end); a
    connection the server dropped is opened again once."""

    def __init__(self, config) -> None:  # noqa: ANN001
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        smtp = smtplib.SMTP(c.smtp_host, c.smtp_port, timeout=c.timeout_seconds)
        if c.smtp_starttls:
            smtp.starttls()
        if c.smtp_username:
            smtp.login(c.smtp_username, c.smtp_password)
        return smtp

    def send(self, to: str, subject: str, text: str, html: str, message_id: str,
             attachment: tuple[str, str, bytes] | None = None) -> str:
        """Send one message; returns the provider label ("smtp:host"). SendFailed on any refusal."""
        c = self.config
        if not c.smtp_host:
            raise SendFailed("email is not configured (VEXTRUS_NOTIFY_SMTP_HOST)", "smtp")
        msg = build(c.mail_from, to, subject, text, html, message_id, attachment)
        label = f"smtp:{c.smtp_host}"
        for again in (False, True):
            try:
                if self.smtp is None:
                    self.smtp = self._connect()
                self.smtp.send_message(msg)
                return label
            except smtplib.SMTPServerDisconnected as exc:
                self.close()
                if again:
                    raise SendFailed(f"{type(exc).__name__}: {exc}", label) from exc
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                raise SendFailed(f"{type(exc).__name__}: {exc}", label) from exc
        raise SendFailed("not sent", label)  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
