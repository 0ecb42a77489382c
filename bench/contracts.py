"""RA bills of a contract with many items: the pure computation (measure, deductions, journal) per bill, and a
series of three bills drafted, certified and posted through the service (VAT and AIT from tax.api, one journal
each through finance.api), then the contract page's read.

    PYTHONPATH=src python bench/contracts.py [--size tiny|full]      # full: 500 items, tiny: 40

Runs on a temporary SQLite file unless VEXTRUS_DATABASE_URL names another database (single thread).
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from decimal import Decimal

from _company import start_company


def main() -> None:
    from vextrus.modules.contracts import domain, service
    from vextrus.modules.contracts.schemas import ContractInput, RaBillInput, RaMeasureInput
    from vextrus.modules.master_data import service as master_data
    from vextrus.modules.master_data.schemas import PartyInput
    from vextrus.modules.projects import service as projects
    from vextrus.platform import context

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("tiny", "full"), default="full")
    n = 40 if ap.parse_args().size == "tiny" else 500
    rt, admin, c = start_company("ctrbench")
    with context.acting_as(admin):
        client = master_data.create_party(PartyInput(legal_name="Meghna Housing Ltd.", roles=["customer"]))
        p = projects.create_project("BENCH-TWR", "Bench Tower", company_id=c.id)
        for i in range(n):
            projects.add_boq_item(p.id, f"{i // 100 + 1}.{i % 100:03d}", f"Work item {i}", "m3", Decimal(100 + i),
                                  Decimal(1000 + 13 * i) + Decimal("0.50"))
        contract = service.create_contract(ContractInput(
            company_id=c.id, project_id=p.id, client_party_id=client.id, code="BENCH/C-01", title="Bench contract",
            contract_date=date(2025, 7, 1), retention_pct=Decimal(10), advance_amount=Decimal("1000000.00"),
            advance_recovery_pct=Decimal(20), security_deposit_pct=Decimal("2.5")))
        items = [domain.Item(i.item_no, i.description, i.unit, i.quantity, i.rate) for i in contract.items]
        # pure: one bill of all items measured (no I/O)
        t = time.perf_counter()
        reps = 20
        for _ in range(reps):
            lines = domain.measured_lines(items, {}, [domain.Measure(it.item_no, percent_complete=Decimal(35))
                                                      for it in items])
            f = domain.figures(domain.Terms(Decimal(10), Decimal("1000000"), Decimal(20), Decimal("2.5")),
                               domain.gross(lines), Decimal(0), Decimal(0), Decimal(0))
            domain.bill_journal(f)
        t_pure = (time.perf_counter() - t) / reps
        drafted = posted = 0.0
        for k, (pct, on) in enumerate(((Decimal(35), date(2025, 8, 31)), (Decimal(70), date(2025, 9, 30)),
                                       (Decimal(100), date(2025, 10, 31)))):
            t = time.perf_counter()
            b = service.draft_bill(contract.id, RaBillInput(bill_date=on, final=k == 2, measures=[
                RaMeasureInput(item_no=it.item_no, percent_complete=pct) for it in contract.items]))
            drafted += time.perf_counter() - t
            t = time.perf_counter()
            service.post_bill(service.certify_bill(b.id).id)
            posted += time.perf_counter() - t
        t = time.perf_counter()
        final = service.get_contract(contract.id)
        t_read = time.perf_counter() - t
    db = rt.engine.dialect.name
    rt.close()
    assert final.billed_to_date == final.contract_value and final.advance_outstanding == 0
    print(f"contracts ({db}): {n} items; pure bill (measure + deductions + journal) {t_pure * 1000:,.1f} ms; "
          f"3 RA bills: drafted {drafted / 3 * 1000:,.0f} ms/bill, certified+posted {posted / 3 * 1000:,.0f} ms/bill; "
          f"contract read {t_read * 1000:,.0f} ms; billed {final.billed_to_date:,} = contract value")


if __name__ == "__main__":
    main()
