"""Demo rows of sales: Building A of the projects demo's Padma Residency (B+10), 40 flats on floors 1–10 and
4 parking slots, a price list, five bookings by master data's demo customers (one with milestones on the 5th and 10th floor slab castings),
receipts in 2026 (finance's demo closes July–December 2025), one agreement and one cancelled booking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID

from vextrus.platform import context, runtime

from . import service
from .schemas import (
    AgreementInput,
    BookingInput,
    BuildingInput,
    CancelInput,
    MilestoneInput,
    PriceInput,
    ReceiptInput,
    ScheduleInput,
    UnitInput,
)

PROJECT = "PADMA-RES"
SIZES = {"A": (D(1450), "south"), "B": (D(1250), "south_east"), "C": (D(1250), "north"), "D": (D(1100), "west")}


def load(tenant_id: UUID) -> None:
    if "projects" not in runtime.current().registry.names or "master_data" not in runtime.current().registry.names:
        return
    from vextrus.modules.master_data import api as master_data
    from vextrus.modules.projects import api as projects

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        p = projects.project_by_code(PROJECT)
        if p is None or service.list_buildings(p.id, first=1).items:
            return
        b = service.create_building(BuildingInput(project_id=p.id, code="A", name="Building A", name_bn="ভবন এ",
                                                  floors=10))
        units = {}
        for f in range(1, 11):
            for letter, (size, facing) in SIZES.items():
                code = f"{f}{letter}"
                units[code] = service.create_unit(UnitInput(building_id=b.id, code=code, kind="flat", floor=f,
                                                            size_sft=size, facing=facing))
        for k in range(1, 5):
            units[f"P{k}"] = service.create_unit(UnitInput(building_id=b.id, code=f"P{k}", kind="parking", floor=0))
        service.set_price(PriceInput(project_id=p.id, effective_from=date(2025, 7, 1), rate_per_sft=D(9500),
                                     parking_charge=D(400000), utility_charge=D(150000)))
        customers = sorted((c for c in master_data.search_parties("", role="customer", limit=20)
                            if c.party_type in ("individual", "company")),
                           key=lambda c: (c.party_type != "individual", c.code))  # master data's demo customers
        if not customers:
            return
        buyers = [customers[k % len(customers)].id for k in range(5)]
        slabs = [MilestoneInput(label="On casting of the 5th floor roof", label_bn="৫ম তলার ছাদ ঢালাইয়ে",
                                activity_code="F05SC", percent=D(15)),
                 MilestoneInput(label="On casting of the 10th floor roof", label_bn="১০ম তলার ছাদ ঢালাইয়ে",
                                activity_code="F10SC", percent=D(15))]
        plans = [  # unit, buyer, booked on, booking money, down payment, months, milestones
            ("3A", 0, date(2026, 1, 5), D(500000), D(2000000), 24, slabs),
            ("5B", 1, date(2026, 1, 12), D(300000), D(1500000), 36, []),
            ("7C", 2, date(2026, 1, 20), D(500000), D(1000000), 30, slabs[1:]),
            ("2D", 3, date(2026, 2, 2), D(200000), D(1000000), 24, []),
            ("9A", 4, date(2026, 2, 10), D(500000), D(0), 12, []),
        ]
        bookings = []
        for code, who, on, money, down, months, ms in plans:
            bookings.append(service.create_booking(BookingInput(
                unit_id=units[code].id, buyer_party_id=buyers[who], booking_date=on,
                schedule=ScheduleInput(booking_money=money, down_payment=down, monthly_count=months, milestones=ms))))
        service.sign_agreement(bookings[0].id, AgreementInput(agreement_date=date(2026, 1, 25),
                                                              agreement_ref="Deed 0412/2026"))
        pays = [(0, date(2026, 1, 5), D(500000)), (0, date(2026, 2, 1), D(2000000)), (0, date(2026, 3, 5), D(400000)),
                (1, date(2026, 1, 12), D(300000)), (1, date(2026, 2, 15), D(1500000)),
                (2, date(2026, 1, 20), D(500000)), (3, date(2026, 2, 2), D(200000)), (4, date(2026, 2, 10), D(500000))]
        for k, on, amount in pays:
            service.post_receipt(bookings[k].id, ReceiptInput(receipt_date=on, amount=amount,
                                                              method="cash" if k == 3 else "bank"))
        service.cancel_booking(bookings[4].id, CancelInput(cancelled_on=date(2026, 3, 1)))
        service.change_unit_status(units["6A"].id, "held")
