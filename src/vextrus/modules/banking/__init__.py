"""Banking: company bank accounts tied to the ledger, statement import (CSV/XLSX in Bangladeshi bank layouts,
camt.053, OFX), matching statement lines to ledger lines, and the bank reconciliation report (docs/banking.md)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.banking"

MODULE = Module(
    name="banking",
    title="Banking",
    title_bn="ব্যাংকিং",
    depends_on=("organization", "finance"),
    uses=("finance.account.view", "finance.report.view", "finance.journal.post"),
    permissions=(
        Permission("banking.account.view", "View bank accounts", "ব্যাংক হিসাব দেখা"),
        Permission("banking.account.manage", "Manage bank accounts", "ব্যাংক হিসাব পরিচালনা"),
        Permission("banking.statement.import", "Import bank statements", "ব্যাংক স্টেটমেন্ট ইমপোর্ট"),
        Permission("banking.reconciliation.perform", "Reconcile bank statements", "ব্যাংক সমন্বয় করা"),
        Permission("banking.reconciliation.view", "View bank reconciliations", "ব্যাংক সমন্বয় দেখা"),
    ),
    nav=(NavItem("Banking", "ব্যাংকিং", "/banking", "banking.account.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
)
