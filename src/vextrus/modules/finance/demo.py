"""Demo data: Padma Builders' book for fiscal year 2025-26 — a year of construction transactions
(mobilisation advance, cement/rod purchases with input VAT, subcontractor bills with VDS/AIT withheld,
progress billing with retention, salaries, site expenses, bank charges, depreciation), posted in one
bulk call so the demo loads fast."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from vextrus.modules.organization import api as organization
from vextrus.platform import clock, context
from vextrus.platform.money import round_amount

from . import service
from .service import EntryIn, LineIn

BOOK = "PADMA"  # used only when the organization module has no company
FY_MONTHS = [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 7)]


def _r(x: Decimal) -> Decimal:
    return round_amount(x)


def _e(d: date, narration: str, jtype: str, *lines: tuple[str, Decimal, Decimal]) -> EntryIn:
    """An entry rounded to poisha; the last line takes the rounding so the entry balances."""
    rounded = [[a, _r(dr), _r(cr)] for a, dr, cr in lines]
    diff = sum(r[1] for r in rounded) - sum(r[2] for r in rounded)
    last = rounded[-1]
    if last[2]:
        last[2] += diff
    else:
        last[1] -= diff
    return EntryIn(journal_type=jtype, entry_date=d, narration=narration, lines=[
        LineIn(account_code=a, debit=dr, credit=cr) for a, dr, cr in rounded])


def year_of_entries(seed: int = 2025) -> list[EntryIn]:
    """Deterministic: the same seed gives the same year."""
    rnd = random.Random(seed)
    z = Decimal(0)
    out = [
        _e(date(2025, 7, 1), "Share capital paid in", "receipt", ("1120", Decimal(50_000_000), z),
           ("3100", z, Decimal(50_000_000))),
        _e(date(2025, 7, 3), "Mobilisation advance from RAJUK for Uttara tower", "receipt",
           ("1120", Decimal(20_000_000), z), ("2130", z, Decimal(20_000_000))),
        _e(date(2025, 7, 8), "Tower crane and batching plant", "payment", ("1230", Decimal(12_000_000), z),
           ("1120", z, Decimal(12_000_000))),
    ]
    advance_left = Decimal(20_000_000)
    for y, m in FY_MONTHS:
        d = lambda day, y=y, m=m: date(y, m, day)  # noqa: E731
        cement = Decimal(rnd.randrange(1_800_000, 3_200_000))
        rod = Decimal(rnd.randrange(2_500_000, 4_500_000))
        for day, what, amt in ((5, "Cement (Shah Cement, 4,000 bags)", cement), (9, "MS rod 500W (BSRM)", rod)):
            vat = amt * Decimal("0.15")
            out.append(_e(d(day), f"{what}, VAT challan 6.3", "purchase", ("5110", amt, z), ("1150", vat, z),
                          ("2110", z, amt + vat)))
            vds, ait = vat * Decimal("0.5"), amt * Decimal("0.05")  # VDS on VAT, AIT on the base
            out.append(_e(d(day + 10), f"Payment: {what}, VDS and AIT withheld", "payment",
                          ("2110", amt + vat, z), ("2142", z, vds), ("2150", z, ait), ("1120", z, amt + vat - vds - ait)))
        sub = Decimal(rnd.randrange(3_000_000, 5_000_000))
        out.append(_e(d(12), "Subcontractor bill: piling and shuttering (Karim Construction)", "purchase",
                      ("5120", sub, z), ("2111", z, sub)))
        vds, ait = sub * Decimal("0.075"), sub * Decimal("0.07")
        out.append(_e(d(25), "Subcontractor payment, VDS 7.5% and AIT 7% withheld", "payment",
                      ("2111", sub, z), ("2142", z, vds), ("2150", z, ait), ("1120", z, sub - vds - ait)))
        bill = Decimal(rnd.randrange(14_000_000, 20_000_000))
        vat, retention = bill * Decimal("0.15"), bill * Decimal("0.10")
        recovery = min(advance_left, bill * Decimal("0.10"))
        advance_left -= _r(recovery)
        receivable = bill + vat - retention - recovery
        out.append(_e(d(28), f"Progress bill IPC-{m:02d}: retention 10%, advance recovery", "sales",
                      ("1130", receivable, z), ("1131", retention, z), ("2130", recovery, z),
                      ("4100", z, bill), ("2140", z, vat)))
        if (y, m) != (2026, 6):
            ait_c, vds_c = bill * Decimal("0.05"), vat * Decimal("0.5")
            out.append(_e(d(28), f"Client payment against IPC-{m:02d} (AIT and VDS deducted)", "receipt",
                          ("1120", receivable - ait_c - vds_c, z), ("1152", ait_c, z), ("1151", vds_c, z),
                          ("1130", z, receivable)))
        office, site = Decimal(1_200_000), Decimal(rnd.randrange(1_500_000, 2_200_000))
        tds = office * Decimal("0.05")
        out.append(_e(d(27), "Salaries and site wages", "payment", ("5210", office, z), ("5130", site, z),
                      ("2151", z, tds), ("1120", z, office + site - tds)))
        out.append(_e(d(2), "Site petty cash top-up", "contra", ("1111", Decimal(300_000), z),
                      ("1120", z, Decimal(300_000))))
        spent = Decimal(rnd.randrange(180_000, 290_000))
        out.append(_e(d(20), "Site expenses: fuel, water, guards, tea", "payment", ("5150", spent, z),
                      ("1111", z, spent)))
        out.append(_e(d(26), "Bank charges and excise duty", "payment",
                      ("5270", Decimal(6_500 + m * 100), z), ("1120", z, Decimal(6_500 + m * 100))))
        out.append(_e(d(28), "Depreciation: plant and machinery", "adjustment",
                      ("5260", Decimal(200_000), z), ("1290", z, Decimal(200_000))))
        out.append(_e(d(15), "Office rent, Gulshan", "payment", ("5220", Decimal(250_000), z),
                      ("1120", z, Decimal(250_000))))
    return out


def demo_book() -> tuple[str, UUID | None]:
    """The demo company's book: (code, company id) of the organization module's first company,
    or the stand-alone PADMA book when no company exists."""
    companies = organization.list_companies()
    if not companies:
        return BOOK, None
    c = sorted(companies, key=lambda c: c.code)[0]
    return c.code, c.id


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        code, company_id = demo_book()
        book = service.ensure_book(code, "Padma Builders Ltd.", company_id=company_id).code
        service.open_fiscal_year(book, "2025-26")
        service.set_rate(book, "USD", date(2025, 7, 1), Decimal("121.50"))
        service.post_bulk(book, year_of_entries(), source="demo")
        for n in range(1, 7):  # the first half-year is closed
            service.close_period(book, "2025-26", n)
        # every later year up to the one holding today is open, so today's date posts on the first day
        years = service.list_fiscal_years(book)
        while (end := max(y.end_date for y in years)) < clock.today():
            years.append(service.open_fiscal_year(book, end + timedelta(days=1)))
