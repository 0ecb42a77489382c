"""The plain approve (or reject) of a document the workflow says needs approval is refused: its approval decides
it. One rule for purchase orders (`approvals.py`) and requisitions (`approvals_requisition.py`)."""

from __future__ import annotations

from collections.abc import Callable

from vextrus.platform import context

from . import domain


def check_may_approve(needs_approval: Callable[[], bool], latest: Callable[[], object | None], label: str,
                      label_bn: str) -> None:
    """Refuse (`approval_required`, field `status`) when `needs_approval()`; the message says whether the latest
    approval is waiting or the document is still to be submitted. `label`/`label_bn` name the document (its
    number, an order's total). System work is not held up."""
    if context.current().system or not needs_approval():
        return
    inst = latest()
    state = getattr(inst, "status", None)
    pending = state == "pending"
    raise domain.bad(
        "approval_required",
        f"{label} must go through approval: " + ("its approval is waiting" if pending else "submit it for approval"),
        f"{label_bn} অনুমোদন প্রক্রিয়ার মধ্য দিয়ে যেতে হবে: "
        + ("অনুমোদন অপেক্ষমাণ" if pending else "অনুমোদনের জন্য জমা দিন"),
        field="status", approval=state or "", instance_id=str(inst.id) if inst is not None else "")  # type: ignore[attr-defined]
