"""Master-data commands and queries, one file per aggregate: `parties` (duplicates, lifecycle, vendor
workflow, merge, document reminders) and `items` (lifecycle, dated prices, conversions).

DTOs are in `schemas.py`, value rules in `domain/`, the mapping to and from rows, the indexes and
the code series in `repository.py`, the CSV import in `imports.py`. The party names are re-exported
here as before (`from vextrus.modules.master_data import service; service.create_party(...)`); item
commands are `service.items` (`from vextrus.modules.master_data.service import items`).
"""

from ..domain.lifecycle import ACTIVE, ARCHIVED, INACTIVE
from ..repository import (
    NewParties,
    identifier_owners,
    identifier_pairs,
    next_number,
    prepare_parties,
    row_to_domain,
    row_to_input,
    to_domain,
)
from . import items, parties
from .parties import (
    APPROVE,
    ARCHIVE,
    CREATE,
    DELETE,
    MERGE,
    NAME_THRESHOLD,
    READ,
    REFUSE_REASONS,
    UPDATE,
    activate_party,
    archive_party,
    change_vendor_status,
    check_duplicates,
    create_party,
    deactivate_party,
    delete_party,
    find_party_by_code,
    get_party,
    get_party_summary,
    insert_parties,
    merge_history,
    merge_parties,
    notify_expiring_documents,
    party_summaries,
    possible_duplicates,
    preview_merge,
    ready,
    references,
    refuse_if_referenced,
    search_parties,
    summary,
    update_party,
    view,
)

__all__ = [
    "ACTIVE", "APPROVE", "ARCHIVE", "ARCHIVED", "CREATE", "DELETE", "INACTIVE", "MERGE", "NAME_THRESHOLD",
    "READ", "REFUSE_REASONS", "UPDATE", "NewParties", "activate_party", "archive_party", "change_vendor_status",
    "check_duplicates", "create_party", "deactivate_party", "delete_party", "find_party_by_code", "get_party", "get_party_summary", "party_summaries",
    "identifier_owners", "identifier_pairs", "insert_parties", "items", "merge_history", "merge_parties",
    "next_number", "notify_expiring_documents", "parties", "possible_duplicates", "prepare_parties",
    "preview_merge", "ready", "references", "refuse_if_referenced", "row_to_domain", "row_to_input",
    "search_parties", "summary", "to_domain", "update_party", "view",
]
