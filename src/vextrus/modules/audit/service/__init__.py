"""Audit services: searching records (`records`), verifying the chain (`integrity`), retention and
archiving (`archive`)."""

from .archive import (
    archive_now,
    archive_old_records,
    archives,
    purge_expired,
    retention_policies,
    set_retention_policy,
)
from .integrity import verify
from .records import export, get_record, history, search

__all__ = ["archive_now", "archive_old_records", "archives", "export", "get_record", "history", "purge_expired",
           "retention_policies", "search", "set_retention_policy", "verify"]
