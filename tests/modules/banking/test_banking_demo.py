"""The demo: a Sonali Bank account on the demo company tied to 1120, a statement built from the demo's bank
postings, partly matched; the report reconciles to the poisha."""

from __future__ import annotations

from vextrus.modules.banking import service
from vextrus.modules.organization import api as organization
from vextrus.modules.organization import demo as org_demo
from vextrus.platform import bootstrap, context


def test_the_demo_bank_account_reconciles(db):
    tenant, _created, _lines = bootstrap.load_demo()
    with context.acting_as(context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}),
                                                  actor="owner@test")):
        company = organization.company_by_code(org_demo.DEMO_COMPANY_CODE)
        [acc] = [a for a in service.list_all_accounts() if a.company_id == company.id]
        assert acc.ledger_account_code == "1120"
        lines = service.statement_lines(acc.id)
        statuses = {ln.status for ln in lines}
        assert statuses == {"matched", "unmatched"}  # partly matched: work left for the reconciliation screen
        assert service.suggestions(acc.id)  # the unmatched clearing lines have suggestions
        [stmt] = service.list_statements(acc.id)
        rep = service.reconciliation_report(acc.id, stmt.date_to)
        assert rep.difference == 0 and rep.statement_balance == stmt.closing
        assert rep.outstanding_cheques or rep.deposits_in_transit  # the last payment has not cleared
        assert any(i.text.startswith("এসএমএস") for i in rep.unmatched_statement_lines)
