"""Demo rows of banking for the demo company: a Sonali Bank current account tied to ledger 1120 (Cash at bank)
and one month's statement built from the demo's own bank postings: most lines clear a day or two later, the
last payment is still an outstanding cheque, and the bank adds an SMS charge and interest the books lack.
Half the clearing lines are matched; the rest wait on the reconciliation screen with their suggestions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from vextrus.platform import context, runtime

from . import service
from .schemas import BankAccountInput, MatchInput
from .service.common import ledger_lines


def load(tenant_id: UUID) -> None:
    if not {"organization", "finance"} <= set(runtime.current().registry.names):
        return
    from vextrus.modules.organization import api as organization

    with context.acting_as(context.system_context(tenant_id, actor="demo")):
        company = organization.demo_company()
        if company is None or service.list_all_accounts():
            return
        try:
            account = service.create_account(BankAccountInput(
                company_id=company.id, bank_name="সোনালী ব্যাংক পিএলসি", branch="মতিঝিল কর্পোরেট শাখা",
                account_number="0002-33012345", currency="BDT", ledger_account_code="1120"))
        except Exception:  # noqa: BLE001 - no finance book or chart on this demo: no banking demo either
            return
        from .tables import BankAccountRow

        row = BankAccountRow(company_id=company.id, ledger_account_code="1120")
        book = ledger_lines(row)
        if len(book) < 4:
            return
        month = book[-1].entry_date.replace(day=1)
        recent = [ln for ln in book if ln.entry_date >= month][:12]
        before = sum((ln.debit - ln.credit for ln in book if ln.entry_date < month), Decimal(0))
        rows = ["Sonali Bank PLC, Motijheel Corporate Branch", "Statement of account 0002-33012345", "",
                "Txn Date,Particulars,Chq/Ref No,Withdrawal (Dr),Deposit (Cr),Balance"]
        balance = before
        lines: list[tuple] = []
        for i, ln in enumerate(recent[:-1] if len(recent) > 1 else recent):  # the last payment: outstanding
            lines.append((ln.entry_date + timedelta(days=1 + i % 2), ln.narration, ln.number or "",
                          ln.debit - ln.credit))
        end = lines[-1][0]
        lines.append((end, "এসএমএস সতর্কবার্তা চার্জ (ভ্যাটসহ)", "", Decimal("-115.00")))
        lines.append((end, "এসএনডি জমার উপর সুদ", "", Decimal("1250.50")))
        for day, text, ref, amount in lines:
            balance += amount
            dr = f"{-amount:,.2f}" if amount < 0 else ""
            cr = f"{amount:,.2f}" if amount > 0 else ""
            rows.append(f'{day.strftime("%d/%m/%Y")},"{text.replace(chr(34), "")}",{ref},"{dr}","{cr}",'
                        f'"{balance:,.2f}"')
        service.import_statement(account.id, "sonali-demo.csv", ("\n".join(rows) + "\n").encode())
        found = service.suggestions(account.id)
        for n, (line_id, options) in enumerate(sorted(found.items(), key=lambda kv: str(kv[0]))):
            if n % 2 == 0 and options:
                service.match(MatchInput(statement_line_id=line_id, journal_line_ids=[options[0].journal_line_id]))
