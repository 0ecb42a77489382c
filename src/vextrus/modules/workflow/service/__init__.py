"""Approval workflows: definitions (versioned), submissions, decisions, delegation, the inbox, timeouts.

Each command: load → guard → pure rule (domain) → store → emit → view. Decisions are compare-and-set
on the step and the approval (versioned rows): two approvers deciding the same step at once have one
effect, the other gets `stale_version` (409) and, retrying, finds the step decided. One file per
concern; everything is importable from here as before (`from vextrus.modules.workflow import service`).
"""

from ..schemas import DefinitionView, DelegationView, InboxView, InstanceView, PreviewStep
from .decisions import add_comment, decide
from .definitions import (
    company_roles,
    company_users,
    get_definition,
    list_definitions,
    needs_approval,
    needs_approval_many,
    preview,
    preview_draft,
    save_definition,
    seed_defaults,
)
from .delegations import delegate, delegations
from .inbox import inbox
from .instances import get_instance, latest_for, submit
from .timeouts import process_timeouts
from .withdrawals import withdraw, withdraw_document

__all__ = [
    "DefinitionView", "DelegationView", "InboxView", "InstanceView", "PreviewStep", "add_comment", "decide",
    "company_roles", "company_users", "delegate", "delegations", "get_definition", "get_instance", "inbox", "latest_for", "list_definitions",
    "needs_approval", "needs_approval_many", "preview", "preview_draft", "process_timeouts", "save_definition", "seed_defaults", "submit", "withdraw",
    "withdraw_document",
]
