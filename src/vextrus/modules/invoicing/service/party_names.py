"""Parties' names for lists and reports, read from master data once for all the rows (not a query a party)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from vextrus.platform import context


def party_names(party_ids: Iterable[UUID]) -> dict[UUID, tuple[str, str]]:
    """Each party's legal name in English and Bangla (empty when it has none); a party master data does not
    know (merged away, another tenant's) gets two empty names rather than failing the whole list."""
    from vextrus.modules.master_data import api as master_data

    from .. import MODULE

    ids = list(dict.fromkeys(party_ids))
    with context.calling_as(MODULE):
        found = master_data.parties_summary(ids) if ids else {}
    return {pid: (found[pid].legal_name, found[pid].legal_name_bn or "") if pid in found else ("", "") for pid in ids}
