"""Audit services: searching records (`records`), verifying the chain (`integrity`), retention and
archiving (`archive`)."""

from .archive import archive_now, archive_old_records, archives, retention_policies, set_retention_policy
from .integrity import verify
from .records import export, get_record, history, search

__all__ = ["archive_now", "archive_old_records", "archives", "export", "get_record", "history",
           "retention_policies", "search", "set_retention_policy", "verify"]
