"""Scheduled work of master data: the daily compliance-document expiry reminders."""

from __future__ import annotations

from vextrus.platform.jobs import Job

from . import service, settings


def document_expiry_reminders() -> int:
    """Emit `master_data.party.document_expiring` for the current tenant's documents expiring within
    the tenant's reminder window (each document and expiry date once); returns how many."""
    return len(service.notify_expiring_documents(settings.reminder_days()))


JOBS = [
    Job("master_data.document_expiry_reminders", document_expiry_reminders, hour=7, minute=0,
        description="Remind about trade licences, TIN/VAT certificates expiring soon (days: tenant setting)"),
]
