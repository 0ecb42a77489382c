"""Reporting lines (issue 13): whom an employee reports to, checked purely (no self, no cycle)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from vextrus.platform.errors import ValidationFailed


def check_manager(employee_id: UUID | None, manager_id: UUID | None, managers: Mapping[UUID, UUID | None]) -> None:
    """Refuse an employee reporting to themselves, or to someone who (through their own managers) reports to
    them. `managers` maps each employee of the company to their manager as stored now."""
    if manager_id is None:
        return
    if manager_id == employee_id:
        raise ValidationFailed("payroll.manager_self", "An employee cannot report to themselves",
                               "কোনো কর্মী নিজের কাছে রিপোর্ট করতে পারেন না", field="manager_id")
    if manager_id not in managers:
        raise ValidationFailed("payroll.manager_unknown", "The manager is not an employee of this company",
                               "ব্যবস্থাপক এই কোম্পানির কর্মী নন", field="manager_id")
    seen: set[UUID] = set()
    at: UUID | None = manager_id
    while at is not None and at not in seen:
        if at == employee_id:
            raise ValidationFailed("payroll.manager_cycle",
                                   "This manager reports (directly or not) to this employee: a reporting cycle",
                                   "এই ব্যবস্থাপক (সরাসরি বা পরোক্ষে) এই কর্মীর কাছেই রিপোর্ট করেন: রিপোর্টিং চক্র",
                                   field="manager_id")
        seen.add(at)
        at = managers.get(at)
