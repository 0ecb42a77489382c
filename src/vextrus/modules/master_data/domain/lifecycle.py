"""The life of a party or an item: active, inactive (not offered for new documents), archived
(hidden from lists and pickers, kept for the documents that point at it)."""

from __future__ import annotations

ACTIVE, INACTIVE, ARCHIVED = "active", "inactive", "archived"
STATUSES = (ACTIVE, INACTIVE, ARCHIVED)
