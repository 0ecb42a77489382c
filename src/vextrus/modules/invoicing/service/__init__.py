"""Commands and queries of invoicing (one file per aggregate)."""

from .notes import change_note, create_note, get_note, list_notes

__all__ = ["change_note", "create_note", "get_note", "list_notes"]
