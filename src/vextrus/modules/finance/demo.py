"""Demo data: Padma Builders' book from January 2025, when its building project Padma Residency
(the projects demo, PADMA-RES) starts, to the end of fiscal year 2025-26 — eighteen months of
construction transactions (mobilisation advance, cement/rod purchases with input VAT, subcontractor
bills with VDS/AIT withheld, progress billing with retention, salaries, site expenses, bank charges,
depreciation), posted in one bulk call so the demo loads fast.

The construction costs (cement, rod, subcontractor bills, site wages, site expenses) are the
project's: when the project exists, each of those lines carries its project and the activity the
month's work was on (`WORK`), so the projects module takes its actual cost from the ledger
(`finance.journal.posted`, source "finance") and earned value's AC is the ledger's project cost to
the poisha. Office salaries, rent, depreciation and bank charges are overheads: no project.
Fiscal year 2024-25 holds the first six months (a comparison year for reports) and is closed to
retained earnings; 2025-26 is closed up to December 2025."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from vextrus.modules.organization import api as organization
from vextrus.platform import clock, context, runtime
from vextrus.platform.money import round_amount

from . import service
from .service import EntryIn, LineIn

BOOK = "PADMA"  # used only when there is no demo company (organization not loaded)
PROJECT = "PADMA-RES"  # the projects demo's building
FY_MONTHS = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]
YEARS = ("2024-25", "2025-26")
CLOSED = (("2024-25", range(1, 13)), ("2025-26", range(1, 7)))  # up to December 2025

# The activities each month's costs went to, by the project's baseline (cement, rod, subcontractor,
# site wages, site expenses): piling in February and March, the basement in May and June, a floor
# frame a month from July, finishes, lifts and services, then handover.
WORK: dict[tuple[int, int], tuple[str, str, str, str, str]] = {
    (2025, 1): ("M020", "M020", "P020", "M040", "M030"),
    (2025, 2): ("P030", "P030", "P030", "P040", "P030"),
    (2025, 3): ("P040", "C030", "P040", "C030", "C010"),
    (2025, 4): ("C040", "C030", "B010", "C040", "M060"),
    (2025, 5): ("B020", "B040", "B020", "B030", "M060"),
    (2025, 6): ("B050", "B040", "B060", "B080", "M060"),
    (2025, 7): ("B090", "F00SR", "B060", "B080", "F00CC"),
    (2025, 8): ("F01SC", "F01SR", "N00BI", "N00BE", "F01CC"),
    (2025, 9): ("F02SC", "F02SR", "L020", "N00EW", "N00FT"),
    (2025, 10): ("F04SC", "F04SR", "L030", "N01EW", "N02EW"),
    (2025, 11): ("F05SC", "F05SR", "X030", "N03EW", "X040"),
    (2025, 12): ("F07SC", "F07SR", "L040", "N05EW", "N04EW"),
    (2026, 1): ("F08SC", "F08SR", "N06FT", "N06EW", "N05EW"),
    (2026, 2): ("F10SC", "F10SR", "N08FT", "N07EW", "F09SR"),
    (2026, 3): ("R020", "N10BE", "N09FT", "N08EW", "N09EW"),
    (2026, 4): ("R030", "N10FT", "L010", "N10EW", "N09FT"),
    (2026, 5): ("N10PT", "L060", "L010", "H010", "H020"),
    (2026, 6): ("H030", "H030", "H040", "H010", "H020"),
}

Line = tuple[str, Decimal, Decimal] | tuple[str, Decimal, Decimal, UUID | None, str | None]


def _r(x: Decimal) -> Decimal:
    return round_amount(x)


def _e(d: date, narration: str, jtype: str, *lines: Line) -> EntryIn:
    """An entry rounded to poisha; the last line takes the rounding so the entry balances. A line
    may name its project and activity: (account, debit, credit, project id, activity code)."""
    rounded = [[ln[0], _r(ln[1]), _r(ln[2]), *(ln[3:] or (None, None))] for ln in lines]
    diff = sum(r[1] for r in rounded) - sum(r[2] for r in rounded)
    last = rounded[-1]
    if last[2]:
        last[2] += diff
    else:
        last[1] -= diff
    return EntryIn(journal_type=jtype, entry_date=d, narration=narration, lines=[
        LineIn(account_code=a, debit=dr, credit=cr, project_id=p, activity_code=act) for a, dr, cr, p, act in rounded])


def year_of_entries(seed: int = 2025, project: UUID | None = None,
                    activities: frozenset[str] | None = None) -> list[EntryIn]:
    """Deterministic: the same seed gives the same eighteen months. With `project`, the construction
    cost lines carry it and the month's activity from `WORK` (one of `activities`, when given)."""
    rnd = random.Random(seed)
    z = Decimal(0)

    def on(work: str) -> tuple[UUID | None, str | None]:
        if project is None:
            return None, None
        return project, work if activities is None or work in activities else None

    out = [
        _e(date(2025, 1, 2), "Share capital paid in", "receipt", ("1120", Decimal(50_000_000), z),
           ("3100", z, Decimal(50_000_000))),
        _e(date(2025, 1, 3), "Mobilisation advance from the client for Padma Residency", "receipt",
           ("1120", Decimal(20_000_000), z), ("2130", z, Decimal(20_000_000))),
        _e(date(2025, 1, 8), "Tower crane and batching plant", "payment", ("1230", Decimal(12_000_000), z),
           ("1120", z, Decimal(12_000_000))),
    ]
    advance_left = Decimal(20_000_000)
    for y, m in FY_MONTHS:
        d = lambda day, y=y, m=m: date(y, m, day)  # noqa: E731
        w_cement, w_rod, w_sub, w_wages, w_site = (on(c) for c in WORK[(y, m)])
        cement = Decimal(rnd.randrange(1_800_000, 3_200_000))
        rod = Decimal(rnd.randrange(3_000_000, 5_000_000))
        for day, what, amt, w in ((5, "Cement (Shah Cement, 4,000 bags)", cement, w_cement),
                                  (9, "MS rod 500W (BSRM)", rod, w_rod)):
            vat = amt * Decimal("0.15")
            out.append(_e(d(day), f"{what}, VAT challan 6.3", "purchase", ("5110", amt, z, *w), ("1150", vat, z),
                          ("2110", z, amt + vat)))
            vds, ait = vat * Decimal("0.5"), amt * Decimal("0.05")  # VDS on VAT, AIT on the base
            out.append(_e(d(day + 10), f"Payment: {what}, VDS and AIT withheld", "payment",
                          ("2110", amt + vat, z), ("2142", z, vds), ("2150", z, ait), ("1120", z, amt + vat - vds - ait)))
        sub = Decimal(rnd.randrange(4_000_000, 6_000_000))
        out.append(_e(d(12), "Subcontractor bill: piling and shuttering (Karim Construction)", "purchase",
                      ("5120", sub, z, *w_sub), ("2111", z, sub)))
        vds, ait = sub * Decimal("0.075"), sub * Decimal("0.07")
        out.append(_e(d(25), "Subcontractor payment, VDS 7.5% and AIT 7% withheld", "payment",
                      ("2111", sub, z), ("2142", z, vds), ("2150", z, ait), ("1120", z, sub - vds - ait)))
        bill = Decimal(rnd.randrange(14_000_000, 20_000_000))
        vat, retention = bill * Decimal("0.15"), bill * Decimal("0.10")
        recovery = min(advance_left, bill * Decimal("0.10"))
        advance_left -= _r(recovery)
        receivable = bill + vat - retention - recovery
        ipc = f"IPC-{FY_MONTHS.index((y, m)) + 1:02d}"
        recovered: tuple[Line, ...] = (("2130", recovery, z),) if recovery else ()
        out.append(_e(d(28), f"Progress bill {ipc}: retention 10%" + (", advance recovery" if recovery else ""),
                      "sales", ("1130", receivable, z), ("1131", retention, z), *recovered,
                      ("4100", z, bill), ("2140", z, vat)))
        if (y, m) != (2026, 6):
            ait_c, vds_c = bill * Decimal("0.05"), vat * Decimal("0.5")
            out.append(_e(d(28), f"Client payment against {ipc} (AIT and VDS deducted)", "receipt",
                          ("1120", receivable - ait_c - vds_c, z), ("1152", ait_c, z), ("1151", vds_c, z),
                          ("1130", z, receivable)))
        office, site = Decimal(1_200_000), Decimal(rnd.randrange(1_500_000, 2_200_000))
        tds = office * Decimal("0.05")
        out.append(_e(d(27), "Salaries and site wages", "payment", ("5210", office, z), ("5130", site, z, *w_wages),
                      ("2151", z, tds), ("1120", z, office + site - tds)))
        out.append(_e(d(2), "Site petty cash top-up", "contra", ("1111", Decimal(300_000), z),
                      ("1120", z, Decimal(300_000))))
        spent = Decimal(rnd.randrange(180_000, 290_000))
        out.append(_e(d(20), "Site expenses: fuel, water, guards, tea", "payment", ("5150", spent, z, *w_site),
                      ("1111", z, spent)))
        out.append(_e(d(26), "Bank charges and excise duty", "payment",
                      ("5270", Decimal(6_500 + m * 100), z), ("1120", z, Decimal(6_500 + m * 100))))
        out.append(_e(d(28), "Depreciation: plant and machinery", "adjustment",
                      ("5260", Decimal(200_000), z), ("1290", z, Decimal(200_000))))
        out.append(_e(d(15), "Office rent, Gulshan", "payment", ("5220", Decimal(250_000), z),
                      ("1120", z, Decimal(250_000))))
    return out


def demo_book() -> tuple[str, UUID | None]:
    """The demo company's book: (code, company id) of the organization module's demo company, or the
    stand-alone PADMA book when there is no demo company (never a company someone added beside it)."""
    c = organization.demo_company()
    return (BOOK, None) if c is None else (c.code, c.id)


def demo_project() -> tuple[UUID | None, frozenset[str] | None]:
    """The projects demo's building (id, activity codes) when the projects module runs and holds it
    (its demo loads first: finance lists projects as optional, so the registry orders it before)."""
    if "projects" not in runtime.current().registry.names:
        return None, None
    from vextrus.modules.projects import api as projects

    p = projects.project_by_code(PROJECT)
    if p is None:
        return None, None
    return p.id, frozenset(a.code for a in projects.activities_of(p.id))


def load(tenant_id: UUID) -> None:
    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        code, company_id = demo_book()
        book = service.ensure_book(code, "Padma Builders Ltd.", company_id=company_id).code
        for label in YEARS:
            service.open_fiscal_year(book, label)
        service.set_rate(book, "USD", date(2025, 1, 1), Decimal("121.50"))
        project, activities = demo_project()
        service.post_bulk(book, year_of_entries(project=project, activities=activities), source="demo")
        for label, numbers in CLOSED:  # everything up to December 2025 is closed
            for n in numbers:
                service.close_period(book, label, n)
        service.close_fiscal_year(book, YEARS[0])  # its profit goes to retained earnings
        # every later year up to the one holding today is open, so today's date posts on the first day
        years = service.list_fiscal_years(book)
        while (end := max(y.end_date for y in years)) < clock.today():
            years.append(service.open_fiscal_year(book, end + timedelta(days=1)))
