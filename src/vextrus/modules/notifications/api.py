"""What other modules may call: an email with one attached file to an outside address (a vendor)."""

from __future__ import annotations

from .schemas import DeliveryView
from .service import outbox

__all__ = ["DeliveryView", "send_email"]


def send_email(key: str, to: str, subject: str, body: str, *, locale: str = "en", event: str = "notifications.email",
               link: str = "", attachment: tuple[str, str, bytes] | None = None) -> DeliveryView:
    """Queue one email (HTML `body`; a plain-text part is made from it) to `to` with an optional attachment
    (file name, content type, bytes), sent by the dispatcher like every delivery. `key` names the message:
    the same key queues it once and answers the first delivery. Needs `notifications.email.send` (declare it
    in `uses` and call within `context.calling_as`). A bad address: `notifications.email_address`, field `to`."""
    return outbox.send_email(key, to, subject, body, locale=locale, event=event, link=link, attachment=attachment)
