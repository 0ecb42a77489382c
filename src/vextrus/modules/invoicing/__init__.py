"""Invoicing: sales invoices and purchase (vendor) bills with VAT per line from the tax module, posted as
one journal each through finance.api (gapless numbers per company, kind and fiscal year), credit and debit
notes (Mushak 6.7/6.8), payments received and made with VDS and AIT/TDS split out (Mushak 6.6
certificates), advances before the invoice and their allocation, per-company accounts, AR/AP aging with
unallocated advances, party statements (issue 16)."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.invoicing"

MODULE = Module(
    name="invoicing",
    title="Invoicing",
    title_bn="চালান",
    depends_on=("organization", "master_data", "finance", "tax", "files", "documents"),
    # RA bills are supplies in the VAT return (contracts.api.vat_supplies); workflow: approvals (approvals.py)
    optional=("contracts", "rules", "workflow", "notifications"),  # notifications: statements e-mailed
    # journals posted as invoicing; the party's name; Mushak 6.3/6.6 PDFs stored and read back as documents
    # the chart, to check an account a line names; many invoices' journals at once (finance.api.post_bulk)
    uses=("finance.journal.post", "finance.journal.import", "finance.journal.reverse", "finance.account.view", "master_data.party.read", "documents.document.create", "documents.document.view",
          "files.file.view", "contracts.contract.read", "workflow.instance.submit", "notifications.email.send"),
    permissions=(
        Permission("invoicing.invoice.view", "View invoices and bills", "চালান ও বিল দেখা"),
        Permission("invoicing.invoice.manage", "Create invoice and bill drafts", "চালান ও বিলের খসড়া তৈরি"),
        Permission("invoicing.invoice.post", "Post invoices and bills to the ledger", "চালান ও বিল খাতায় পোস্ট করা"),
        Permission("invoicing.payment.record", "Record payments of invoices and bills", "চালান ও বিলের পরিশোধ লেখা"),
        Permission("invoicing.report.view", "View receivables and payables aging", "প্রাপ্য ও প্রদেয় বয়স বিশ্লেষণ দেখা"),
        Permission("invoicing.settings.manage", "Set a company's withholding status and accounts",
                   "কোম্পানির উৎসে কর্তন অবস্থা ও হিসাব নির্ধারণ"),
    ),
    nav=(NavItem("Invoicing", "চালান", "/invoicing", "invoicing.invoice.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    demo=f"{_P}.demo:load",
    handlers=f"{_P}.approvals:subscriptions",  # approved invoices and bills are posted (issue 13)
)
