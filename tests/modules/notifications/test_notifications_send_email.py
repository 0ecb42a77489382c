"""`notifications.api.send_email`: one e-mail to an outside address with a file attached, through the outbox
(queued once per key, sent by the dispatcher to a real SMTP server); a bad address is refused naming `to`
with nothing queued. Both databases."""

from __future__ import annotations

import pytest
from notify_helpers import dispatch

from vextrus.modules.notifications import api
from vextrus.modules.notifications.service import outbox
from vextrus.platform.errors import ValidationFailed


def test_an_email_with_an_attachment_is_queued_once_and_arrives(db, admin, tenant_id, smtp, notify):
    pdf = b"%PDF-1.7 a small file\n"
    first = api.send_email("k1", "vendor@example.com", "দরপত্র আহ্বান আরএফকিউ-১", "<p>সংযুক্ত</p>", locale="bn",
                           attachment=("RFQ-1.pdf", "application/pdf", pdf))
    again = api.send_email("k1", "vendor@example.com", "another subject", "<p>x</p>")
    assert again.id == first.id and again.subject == "দরপত্র আহ্বান আরএফকিউ-১"
    assert dispatch(tenant_id).sent == 1 and len(smtp.messages) == 1
    msg = smtp.messages[0]
    assert msg["Subject"] == "দরপত্র আহ্বান আরএফকিউ-১"
    (part,) = list(msg.iter_attachments())
    assert (part.get_filename(), part.get_content_type(), part.get_content()) == ("RFQ-1.pdf", "application/pdf", pdf)


@pytest.mark.parametrize("bad", ["", "not-an-address", "a@b.com, c@d.com", "x@y.com\r\nBcc: z@w.com", "<a@b.com>"])
def test_a_bad_address_is_refused_and_nothing_queued(db, admin, tenant_id, smtp, notify, bad):
    with pytest.raises(ValidationFailed) as refused:
        api.send_email("k2", bad, "s", "b")
    assert (refused.value.code, refused.value.field) == ("notifications.email_address", "to")
    assert refused.value.message_bn
    assert outbox.deliveries() == []
