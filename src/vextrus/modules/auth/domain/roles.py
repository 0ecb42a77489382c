"""Default roles of a construction company, as data.

Seeded into each new tenant, then editable by its administrator: the amounts below are
defaults taken from the original system's approval thresholds (BDT), not rules of law.
Patterns follow `permissions.py`; conventional actions: view, read, create, update,
delete, approve, post, export, manage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .permissions import Grant, PermissionSet


@dataclass(frozen=True)
class RoleTemplate:
    code: str
    name_en: str
    name_bn: str
    grants: tuple[Grant, ...]
    reason: str = ""  # one line: the job the grants are for (docs/auth.md shows it with the matrix)

    @property
    def patterns(self) -> tuple[str, ...]:
        return tuple(g.pattern for g in self.grants)

    def permission_set(self) -> PermissionSet:
        return PermissionSet(self.grants)


def _g(*patterns: str) -> tuple[Grant, ...]:
    return tuple(Grant(p) for p in patterns)


def _cap(pattern: str, amount: str) -> Grant:
    return Grant(pattern, Decimal(amount))


READ_ONLY = ("*.*.view", "*.*.read")
PROJECT_READ = ("projects.project.read", "projects.activity.read")  # to see, or tag a cost to, a project
PERSONAL = ("notifications.inbox.read", "notifications.preference.manage",  # one's own bell and preferences
            "hr.leave.apply",  # and one's own leave
            "hr.expense.submit")  # and one's own expense claims

DEFAULT_ROLES: tuple[RoleTemplate, ...] = (
    RoleTemplate("owner", "Owner", "মালিক", _g("*"),
                 "Owns the company: may do everything, including handing out roles."),
    RoleTemplate(
        "managing_director",
        "Managing director",
        "ব্যবস্থাপনা পরিচালক",
        _g(
            *PERSONAL,
            *READ_ONLY,
            "*.*.export",
            "*.*.approve",
            "finance.*",
            "projects.*",
            "procurement.*",
            "inventory.*",
            "hr.*",
            "payroll.*",
            "invoicing.*",
            "contracts.*",  # client contracts, RA bills: certify and post
            "sales.*",  # units, prices, bookings, cancellations and refunds
            "tax.*",
            "interchange.*",
            "crm.*",
            "workflow.*",
            "rules.*",
            "audit.*",  # the audit trail: search, export, chain check, retention and archives
            "notifications.*",  # templates, webhooks, the delivery log and its dead letters
            "scheduler.*",  # scheduled jobs: schedules, pause/resume, run now
            "documents.*",
            "files.*",
            "organization.*",
            "master_data.*",
            "auth.user.*",
            "auth.role.*",
        ),
        "Runs the company: every business area and its people, but not the instance settings.",
    ),
    RoleTemplate(
        "project_director",
        "Project director",
        "প্রকল্প পরিচালক",
        _g(
            *PERSONAL,
            *READ_ONLY,
            "projects.*",
            "crm.tender.manage",  # bids for new work: prepares, submits, records the result
            "crm.quotation.manage",  # prices the bid: a quotation for the tender from the BOQ, revised, sent
            "hr.attendance.approve",  # locks the sites' muster rolls
            "hr.leave.approve",
            "documents.document.*", "documents.template.view",  # the company's templates: the directors' and owner's
            "files.*",
            "workflow.task.*",
            "workflow.instance.submit",
            "workflow.delegation.manage",
            "procurement.requisition.*",
            "inventory.*.view",
            "contracts.contract.*",
            "contracts.bill.prepare",
            "contracts.bill.certify",  # certifies what the client is billed; accounts post it
        )
        + (
            _cap("procurement.purchase_order.approve", "5000000"),
            _cap("finance.invoice.approve", "5000000"),
        ),
        "Answers for all projects: runs them in full and reads everything else.",
    ),
    RoleTemplate(
        "project_manager",
        "Project manager",
        "প্রকল্প ব্যবস্থাপক",
        _g(
            *PERSONAL,
            "projects.*",
            "hr.leave.view",
            "hr.leave.approve",
            "hr.expense.view",  # decides the expense claims of the default workflow's first step
            "documents.document.*", "documents.template.view",
            "files.*",
            "workflow.task.*",
            "workflow.instance.view",
            "workflow.instance.submit",
            "workflow.delegation.manage",
            "procurement.requisition.*",
            "procurement.*.view",
            "inventory.*.view",
            "invoicing.invoice.view",  # what the project is billed and billing
            "invoicing.report.view",
            "contracts.contract.read",
            "contracts.contract.manage",  # the client contract from the project's BOQ
            "contracts.bill.prepare",  # measures the work done for each RA bill
            "sales.inventory.read",  # which units of the project are sold
            "hr.attendance.*",
            "master_data.*.view",
            "master_data.*.read",
            "organization.company.view",
            "organization.unit.view",
        )
        + (
            _cap("procurement.purchase_order.approve", "500000"),
            _cap("finance.invoice.approve", "100000"),
        ),
        "Plans and runs projects: activities, schedule, baselines, BOQ, costs and earned value.",
    ),
    RoleTemplate(
        "site_engineer",
        "Site engineer",
        "সাইট প্রকৌশলী",
        _g(
            *PERSONAL,
            "projects.*.view",
            "projects.*.read",
            "projects.activity.progress",
            "projects.progress.*",
            "hr.attendance.record",  # the site's daily muster roll
            "hr.leave.view",
            "projects.daily_report.*",
            "projects.boq.view",
            "master_data.item.read",
            "organization.unit.view",
            "procurement.requisition.create",
            "procurement.requisition.view",
            "inventory.issue.create",
            "inventory.*.view",
            "hr.attendance.create",
            "hr.attendance.view",
            "documents.*.view",
            "documents.document.create",
            "files.*",
            "workflow.instance.view",
            "workflow.instance.submit",
        ),
        "Works on site: reads the project and records the progress of its activities.",
    ),
    RoleTemplate(
        "contractor",
        "Contractor",
        "ঠিকাদার",
        _g(
            *PERSONAL,
            *PROJECT_READ,
            "projects.*.view",
            "projects.activity.progress",
            "projects.progress.create",
            "projects.daily_report.create",
            "finance.bill.create",
            "finance.bill.view",
            "documents.*.view",
            "files.file.create",
            "files.file.view",
        ),
        "Builds part of a project (assign scoped to it): reads its activities and reports their progress.",
    ),
    RoleTemplate(
        "accountant",
        "Accountant",
        "হিসাবরক্ষক",
        _g(
            *PERSONAL,
            *READ_ONLY,
            "finance.*.view",
            "finance.*.read",
            "finance.*.create",
            "finance.*.update",
            "finance.*.export",
            "finance.journal.post",
            "finance.journal.reverse",
            "finance.journal.import",  # journals and opening balances from a spreadsheet (interchange)
            "banking.*",  # bank accounts, statement imports, reconciliation
            "finance.rate.manage",
            "finance.recurring.manage",
            "finance.ledger.verify",
            "finance.report.*",
            "audit.record.export",  # the books' history for the auditors
            "invoicing.*",  # customer invoices and vendor bills, their payments, aging
            "contracts.bill.post",  # certified RA bills, advances and retention releases to the ledger
            "procurement.bill.create",  # 3-way match of vendor bills
            "sales.receipt.post",  # buyers' instalments
            "tax.code.manage",  # a VAT rate NBR changes, from its date
            "payroll.run.post",  # the approved payroll's journal
            "hr.expense.post",  # an approved expense claim finance refused at first (a closed period)
            "payroll.advance.view",  # advances and loans paid out and recovered (account 1143)
            "interchange.import.run",
            "interchange.export.run",
            "master_data.party.create",
            "master_data.party.update",
            "files.*",
            "documents.document.create",  # payment vouchers and other accounting documents
            "workflow.instance.submit",
            "workflow.task.decide",
            "workflow.delegation.manage",
        )
        + (
            _cap("finance.invoice.approve", "500000"),
            _cap("finance.payment.approve", "500000"),
            _cap("finance.journal.approve", "5000000"),
        ),
        "Keeps the books: posts and reverses entries, keeps accounts, rates and parties; closing is for the directors.",
    ),
    RoleTemplate(
        "accounts_payable_clerk",
        "Accounts payable clerk",
        "প্রদেয় হিসাব করণিক",
        # prepares and checks every invoice; approving is for the levels above
        _g(
            *PERSONAL,
            "finance.invoice.view",
            "finance.invoice.read",
            "finance.invoice.create",
            "finance.invoice.update",
            "finance.invoice.verify",
            "finance.bill.view",
            "finance.bill.read",
            "finance.bill.create",
            "finance.bill.update",
            "finance.payment.create",
            "finance.payment.view",
            "finance.vendor.view",
            "finance.vendor.read",
            "banking.account.view",
            "banking.statement.import",  # the bank's statement, matched against the payments made
            "banking.reconciliation.perform",
            "banking.reconciliation.view",
            "invoicing.invoice.view",
            "invoicing.invoice.manage",
            "invoicing.invoice.post",  # posts the vendor bills it checked; cancelling is the accountant's
            "invoicing.payment.record",
            "invoicing.report.view",
            # until invoices exist, a vendor bill is a payable journal entry
            "finance.account.view",
            "finance.period.view",
            "finance.journal.view",
            "finance.journal.create",
            "finance.journal.post",
            "master_data.party.read",
            "master_data.party.create",
            "master_data.party.update",
            *PROJECT_READ,
            "procurement.purchase_order.view",
            "procurement.receipt.view",
            "procurement.requisition.view",
            "procurement.bill.view",
            "procurement.bill.create",  # matches the vendor's bill against order and receipt (3-way)
            "inventory.receipt.view",
            "files.*",
            "documents.document.view",
            "documents.document.create",  # payment vouchers for the bills it pays
            "workflow.instance.view",
            "workflow.instance.submit",
            "workflow.task.decide",
            "workflow.delegation.manage",
        ),
        "Enters and posts vendor bills and records their payments, keeps vendors; cannot reverse or cancel.",
    ),
    RoleTemplate(
        "procurement_officer",
        "Procurement officer",
        "ক্রয় কর্মকর্তা",
        _g(
            *PERSONAL,
            "procurement.*.view",
            "procurement.*.read",
            # buys, but does not receive or match bills: the store keeper and accounts do (segregation)
            "procurement.requisition.create",
            "procurement.rfq.create",
            "procurement.rfq.update",
            "procurement.purchase_order.create",
            "procurement.purchase_order.update",
            "procurement.*.export",
            "master_data.supplier.*",
            "master_data.item.*",
            "invoicing.invoice.view",
            "invoicing.invoice.manage",  # vendor bill drafts from what was bought; posting is accounts'
            "interchange.import.run",  # price lists and suppliers from spreadsheets
            "interchange.export.run",
            "master_data.party.read",
            "master_data.party.create",
            "master_data.party.update",
            "inventory.*.view",
            "projects.*.view",
            *PROJECT_READ,
            "organization.unit.view",
            "files.*",
            "workflow.instance.view",
            "workflow.instance.submit",
        )
        + (_cap("procurement.purchase_order.approve", "50000"),),
        "Buys for the projects: keeps suppliers and items with their prices.",
    ),
    RoleTemplate(
        "store_keeper",
        "Store keeper",
        "ভান্ডাররক্ষক",
        _g(
            *PERSONAL,
            "inventory.*.view",
            "inventory.*.read",
            "inventory.receipt.*",
            "inventory.issue.*",
            "inventory.transfer.*",
            "inventory.stock_count.*",
            "inventory.stock.view",
            "inventory.move.post",  # receipts, issues to the work, transfers
            "inventory.store.manage",
            "interchange.import.run",  # its item list from a spreadsheet
            "procurement.purchase_order.view",
            "procurement.receipt.view",
            "procurement.receipt.create",  # the goods receipt note at its store
            "procurement.requisition.view",
            "procurement.requisition.create",
            "master_data.item.view",
            "master_data.item.read",
            "master_data.item.create",
            "master_data.item.update",
            "master_data.item.archive",
            "master_data.item.import",
            "projects.*.view",
            *PROJECT_READ,
            "organization.unit.view",
            "files.*",
        ),
        "Keeps the stores: maintains the item list and sees the projects it supplies.",
    ),
    RoleTemplate(
        "sales_officer",
        "Sales officer",
        "বিক্রয় কর্মকর্তা",
        _g(
            *PERSONAL,
            "sales.inventory.read",
            "sales.inventory.manage",  # holds a unit for a buyer; price lists
            "sales.booking.read",
            "sales.booking.write",  # books, signs the agreement, transfers, hands over
            "sales.collections.view",
            "portal.account.manage",  # invites a buyer to see their own bookings in the portal
            "crm.lead.view",
            "crm.lead.manage",  # enquiries, de-duplicated against leads and customers; conversion
            "crm.opportunity.manage",  # the pipeline: stages, activities
            "crm.quotation.view",
            "crm.quotation.manage",  # quotations from typed lines or a project's BOQ: send, revise, accept
            "master_data.party.read",
            "master_data.party.view",
            "master_data.party.create",  # the buyer
            "master_data.party.update",
            "projects.project.read",
            "projects.activity.read",  # the milestone an instalment waits for, picked by name
            "projects.*.view",
            "documents.*.view",
            "documents.document.create",
            "files.*",
            "workflow.instance.view",
            "workflow.instance.submit",
        ),
        "Sells flats and shops: keeps the availability grid, books units and follows the buyers' instalments.",
    ),
    RoleTemplate(
        "hr_officer",
        "HR officer",
        "মানবসম্পদ কর্মকর্তা",
        _g(*PERSONAL, "hr.*", "payroll.employee.*", "payroll.run.prepare", "payroll.*.view",
           "payroll.advance.manage",  # salary advances and loans to staff and daily workers
           "payroll.settlement.prepare",  # a leaving employee's final settlement (approved and posted by others)
           "organization.*.view", "organization.*.read", "organization.unit.manage",
           "files.*", "documents.*.view", "workflow.instance.view", "workflow.task.decide",
           "workflow.delegation.manage"),
        "Looks after people: departments and cost centres, and who works in the company.",
    ),
    RoleTemplate("auditor", "Auditor", "নিরীক্ষক",
                 _g(*READ_ONLY, "audit.*.view", "audit.*.read", "audit.record.export", "audit.chain.verify",
                    "finance.ledger.verify"),
                 "Checks the books: reads everything and verifies balances against the journal; changes nothing."),
    RoleTemplate("viewer", "Viewer", "দর্শক", _g(*READ_ONLY),
                 "Looks on: reads every page it is shown and changes nothing."),
    RoleTemplate("customer", "Customer (portal)", "পোর্টাল গ্রাহক", _g("portal.self.view"),
                 "A buyer signed in to the portal: sees their own bookings, schedule and receipts, nothing else."),
)

_BY_CODE = {r.code: r for r in DEFAULT_ROLES}


def default_role(code: str) -> RoleTemplate:
    """The default role with `code`; KeyError if there is none."""
    return _BY_CODE[code]
