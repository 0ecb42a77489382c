"""Reminders before each due date (issue 19): the daily job `sales.instalment_reminders` emits
`sales.instalment.due_soon` once per instalment and due date, `sales.reminder_days` (default 7) ahead, and
notifications sends it to the buyer's e-mail and mobile from master data, in the language of the setting
`sales.reminder_language` (Bangla by default). The clock is set by the test (no sleeps); the e-mail is read
from a real local SMTP server (aiosmtpd, tests/smtp_mailbox.py) and the SMS from a local HTTP gateway."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal as D
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from smtp_mailbox import Mailbox, smtp_server
from vextrus.modules.configuration import service as configuration
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import create_party
from vextrus.modules.notifications import config
from vextrus.modules.notifications.service import outbox
from vextrus.modules.notifications.tables import Delivery
from vextrus.modules.organization import api as org
from vextrus.modules.projects import service as projects
from vextrus.modules.sales import MODULE, jobs, service
from vextrus.modules.sales.schemas import (
    BookingInput,
    BuildingInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)
from vextrus.platform import clock, context
from vextrus.platform.tables import OutboxEvent


class SmsGateway:
    """A local SMS provider (the notifications module's JSON kind) that records every message."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        box = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                box.messages.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *a) -> None:  # noqa: ANN002
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def channels() -> Iterator[tuple[Mailbox, SmsGateway]]:
    sms = SmsGateway()
    with smtp_server() as box:
        config.use(
            config.NotifyConfig(
                smtp_host="127.0.0.1",
                smtp_port=box.port,
                mail_from="Vextrus <erp@test.local>",
                timeout_seconds=5,
                sms_providers=[{"kind": "json", "url": sms.url, "name": "local"}],
            )
        )
        try:
            yield box, sms
        finally:
            config.use(None)
            sms.server.shutdown()
            sms.server.server_close()


@pytest.fixture
def morning():
    def at(day: date) -> None:  # 08:00 in Dhaka, when the job runs
        clock.set_clock(lambda: datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC))

    yield at
    clock.set_clock(None)


def _run_job(tenant_id) -> int:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id, actor="job:sales.instalment_reminders")):
        return jobs.instalment_reminders()


def _reminded(db, tenant_id) -> list[tuple[str, str]]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        return [
            (e.payload["label"], e.payload["due_date"])
            for e in s.execute(
                select(OutboxEvent)
                .where(OutboxEvent.tenant_id == tenant_id, OutboxEvent.name == "sales.instalment.due_soon")
                .order_by(OutboxEvent.id)
            ).scalars()
        ]


def _dispatch(tenant_id):  # noqa: ANN001, ANN202
    with context.acting_as(context.system_context(tenant_id, actor="job:notifications.dispatch")):
        return outbox.dispatch_pending()


def test_buyers_are_reminded_by_email_and_sms_before_each_due_date_once(
    db, tenant_id, admin, morning, channels
):
    box, sms = channels
    assert MODULE.jobs == "vextrus.modules.sales.jobs:JOBS"
    assert (jobs.JOBS[0].name, jobs.JOBS[0].hour) == ("sales.instalment_reminders", 8)
    email = f"rahim.{tenant_id.hex[-10:]}@example.com"
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.open_fiscal_year("PBL", "2025-26")
    p = projects.create_project("RE-PBL", "Padma Residency", company_id=c.id)
    b = service.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", floors=3))
    unit = service.create_unit(UnitInput(building_id=b.id, code="1A", kind="flat", floor=1, size_sft=D(1000)))
    service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(10000)))
    buyer = create_party(
        PartyInput(
            legal_name="Rahim Uddin",
            legal_name_bn="রহিম উদ্দিন",
            party_type="individual",
            roles=["customer"],
            mobile="01711000001",
            email=email,
        )
    )
    silent = create_party(PartyInput(legal_name="Karim Ahmed", party_type="individual", roles=["customer"]))
    unit2 = service.create_unit(
        UnitInput(building_id=b.id, code="1B", kind="flat", floor=1, size_sft=D(1000))
    )
    schedule = ScheduleInput(
        booking_money=D(500000), down_payment=D(1500000), down_payment_due=date(2025, 8, 15), monthly_count=10
    )  # ৳80,00,000 left: ৳8,00,000 on the 1st of Sep 2025 … Jun 2026
    bk = service.create_booking(
        BookingInput(
            unit_id=unit.id, buyer_party_id=buyer.id, booking_date=date(2025, 8, 1), schedule=schedule
        )
    )
    service.create_booking(
        BookingInput(
            unit_id=unit2.id, buyer_party_id=silent.id, booking_date=date(2025, 8, 1), schedule=schedule
        )
    )  # a buyer with no e-mail nor mobile: reminded of nothing
    assert [i.due_date for i in bk.instalments[:3]] == [date(2025, 8, 1), date(2025, 8, 15), date(2025, 9, 1)]

    morning(date(2025, 8, 7))  # 8 days before the down payment: the default window is 7 days
    assert _run_job(tenant_id) == 0
    morning(date(2025, 8, 8))
    assert (
        _run_job(tenant_id) == 2
    )  # both bookings' down payments (the booking money is past due, not "soon")
    assert _run_job(tenant_id) == 0  # the same morning again, or a retry: nothing twice
    rows = {(d.channel, d.address): d for d in _deliveries(db, tenant_id)}
    assert set(rows) == {("email", email), ("sms", "+8801711000001")}  # the silent buyer has no address
    assert {d.locale for d in rows.values()} == {"bn"}
    report = _dispatch(tenant_id)
    assert report.sent == 2
    [mail] = box.messages
    assert mail["To"] == email and mail["Subject"] == "কিস্তি দেয় ১৫ আগ ২০২৫: BK-000001, ইউনিট 1A"
    body = mail.get_body(("html", "plain")).get_content()
    assert "প্রিয় রহিম উদ্দিন" in body and "আর ৭ দিন বাকি" in body and "১৫,০০,০০০.০০" in body
    [text] = sms.messages
    assert text["to"].endswith("1711000001") and text["encoding"] == "ucs2"
    assert text["text"] == "প্রিয় রহিম উদ্দিন, বুকিং BK-000001 (ইউনিট 1A)-এর ৳১৫,০০,০০০.০০ ১৫ আগ ২০২৫ তারিখে দেয়।"

    # the tenant wants English and a month ahead; what is paid is never reminded
    configuration.set_setting("sales.reminder_language", "en")
    configuration.set_setting("sales.reminder_days", 30)
    paid = bk.instalments[0].amount + bk.instalments[1].amount + bk.instalments[2].amount
    service.post_receipt(bk.id, ReceiptInput(receipt_date=date(2025, 8, 9), amount=paid, method="bank"))
    morning(date(2025, 8, 10))
    assert _run_job(tenant_id) == 1  # the other buyer's 1 Sep instalment; Rahim's is paid
    morning(date(2025, 9, 2))
    assert _run_job(tenant_id) == 2  # both bookings' 1 Oct instalments
    assert _dispatch(tenant_id).sent == 2
    english = box.messages[-1]
    assert english["Subject"] == "Instalment due on 1 Oct 2025: BK-000001, unit 1A"
    assert "Dear Rahim Uddin" in english.get_body(("html", "plain")).get_content()
    assert "8,00,000.00" in english.get_body(("html", "plain")).get_content()
    assert len(_reminded(db, tenant_id)) == 5


def _deliveries(db, tenant_id) -> list[Delivery]:  # noqa: ANN001
    with context.acting_as(context.system_context(tenant_id)), db.session_factory() as s:
        rows = (
            s.execute(select(Delivery).where(Delivery.event == "sales.instalment.due_soon")).scalars().all()
        )
        s.expunge_all()
    return rows
