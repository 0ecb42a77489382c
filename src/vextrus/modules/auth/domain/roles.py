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

DEFAULT_ROLES: tuple[RoleTemplate, ...] = (
    RoleTemplate("owner", "Owner", "মালিক", _g("*")),
    RoleTemplate(
        "managing_director",
        "Managing director",
        "ব্যবস্থাপনা পরিচালক",
        _g(
            *READ_ONLY,
            "*.*.export",
            "*.*.approve",
            "finance.*",
            "projects.*",
            "procurement.*",
            "inventory.*",
            "hr.*",
            "crm.*",
            "workflow.*",
            "documents.*",
            "files.*",
            "organization.*",
            "master_data.*",
            "auth.user.*",
            "auth.role.*",
        ),
    ),
    RoleTemplate(
        "project_director",
        "Project director",
        "প্রকল্প পরিচালক",
        _g(
            *READ_ONLY,
            "projects.*",
            "documents.*",
            "files.*",
            "workflow.task.*",
            "procurement.requisition.*",
            "inventory.*.view",
        )
        + (
            _cap("procurement.purchase_order.approve", "5000000"),
            _cap("finance.invoice.approve", "5000000"),
        ),
    ),
    RoleTemplate(
        "project_manager",
        "Project manager",
        "প্রকল্প ব্যবস্থাপক",
        _g(
            "projects.*",
            "documents.*",
            "files.*",
            "workflow.task.*",
            "procurement.requisition.*",
            "procurement.*.view",
            "inventory.*.view",
            "hr.attendance.*",
            "master_data.*.view",
            "master_data.*.read",
        )
        + (
            _cap("procurement.purchase_order.approve", "500000"),
            _cap("finance.invoice.approve", "100000"),
        ),
    ),
    RoleTemplate(
        "site_engineer",
        "Site engineer",
        "সাইট প্রকৌশলী",
        _g(
            "projects.*.view",
            "projects.*.read",
            "projects.progress.*",
            "projects.daily_report.*",
            "projects.boq.view",
            "procurement.requisition.create",
            "procurement.requisition.view",
            "inventory.issue.create",
            "inventory.*.view",
            "hr.attendance.create",
            "hr.attendance.view",
            "documents.*.view",
            "documents.document.create",
            "files.*",
        ),
    ),
    RoleTemplate(
        "contractor",
        "Contractor",
        "ঠিকাদার",
        _g(
            "projects.*.view",
            "projects.progress.create",
            "projects.daily_report.create",
            "finance.bill.create",
            "finance.bill.view",
            "documents.*.view",
            "files.file.create",
            "files.file.view",
        ),
    ),
    RoleTemplate(
        "accountant",
        "Accountant",
        "হিসাবরক্ষক",
        _g(
            *READ_ONLY,
            "finance.*.view",
            "finance.*.read",
            "finance.*.create",
            "finance.*.update",
            "finance.*.export",
            "finance.journal.post",
            "finance.report.*",
            "files.*",
        )
        + (
            _cap("finance.invoice.approve", "500000"),
            _cap("finance.payment.approve", "500000"),
        ),
    ),
    RoleTemplate(
        "accounts_payable_clerk",
        "Accounts payable clerk",
        "প্রদেয় হিসাব করণিক",
        # prepares and checks every invoice; approving is for the levels above
        _g(
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
            "procurement.purchase_order.view",
            "inventory.receipt.view",
            "files.*",
        ),
    ),
    RoleTemplate(
        "procurement_officer",
        "Procurement officer",
        "ক্রয় কর্মকর্তা",
        _g(
            "procurement.*.view",
            "procurement.*.read",
            "procurement.*.create",
            "procurement.*.update",
            "procurement.*.export",
            "master_data.supplier.*",
            "master_data.item.*",
            "inventory.*.view",
            "projects.*.view",
            "files.*",
        )
        + (_cap("procurement.purchase_order.approve", "50000"),),
    ),
    RoleTemplate(
        "store_keeper",
        "Store keeper",
        "ভান্ডাররক্ষক",
        _g(
            "inventory.*.view",
            "inventory.*.read",
            "inventory.receipt.*",
            "inventory.issue.*",
            "inventory.transfer.*",
            "inventory.stock_count.*",
            "procurement.purchase_order.view",
            "master_data.item.view",
            "projects.*.view",
            "files.*",
        ),
    ),
    RoleTemplate(
        "hr_officer",
        "HR officer",
        "মানবসম্পদ কর্মকর্তা",
        _g("hr.*", "organization.*.view", "organization.*.read", "files.*", "documents.*.view"),
    ),
    RoleTemplate("auditor", "Auditor", "নিরীক্ষক", _g(*READ_ONLY, "audit.*.view", "audit.*.read")),
    RoleTemplate("viewer", "Viewer", "দর্শক", _g("*.*.view")),
)

_BY_CODE = {r.code: r for r in DEFAULT_ROLES}


def default_role(code: str) -> RoleTemplate:
    """The default role with `code`; KeyError if there is none."""
    return _BY_CODE[code]
