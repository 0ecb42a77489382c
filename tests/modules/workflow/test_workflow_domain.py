"""The pure rules of a workflow: which steps start, when an approval is decided, who may decide."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.workflow.domain import (
    Candidate,
    StepSpec,
    WorkflowError,
    check_definition,
    groups,
    outcome,
    refusal,
    to_start,
)
from vextrus.platform.ids import new_id

statuses = st.lists(st.sampled_from(["waiting", "pending", "approved", "rejected", "escalated", "cancelled"]),
                    max_size=8)


@given(statuses)
def test_an_ordered_flow_has_at_most_one_step_open_for_decision(s):
    started = to_start("ordered", s)
    if "pending" in s:
        assert started == []
    else:
        assert started == ([s.index("waiting")] if "waiting" in s else [])


@given(st.lists(st.tuples(st.sampled_from(["waiting", "pending", "approved", "rejected", "escalated", "cancelled"]),
                          st.booleans()), max_size=8))
def test_an_ordered_flow_starts_a_step_together_with_those_marked_parallel_with_the_previous_one(rows):
    s, flags = [r[0] for r in rows], [r[1] for r in rows]
    started = to_start("ordered", s, flags)
    if "pending" in s or "waiting" not in s:
        assert started == []
        return
    first = s.index("waiting")
    assert started[0] == first
    j = first + 1
    while j < len(s) and flags[j]:  # the group: the marked steps right after it, the waiting ones among them
        j += 1
    assert started == [i for i in range(first, j) if s[i] == "waiting"]
    assert to_start("ordered", s, [False] * len(s)) == to_start("ordered", s) == [first]  # old definitions


def test_groups_of_an_ordered_flow_start_together_and_the_next_waits_for_the_group():
    # steps: a; b and c with a (parallel with the previous one); d alone; e with d
    flags = [False, True, True, False, True]
    assert groups(flags) == [[0, 1, 2], [3, 4]]
    assert groups([True, False]) == [[0], [1]]  # a first step marked has nothing before it: a group of its own
    assert to_start("ordered", ["waiting"] * 5, flags) == [0, 1, 2]
    # the group is decided only when each of its steps is: one still pending holds the next group back
    assert to_start("ordered", ["approved", "pending", "approved", "waiting", "waiting"], flags) == []
    assert to_start("ordered", ["approved", "approved", "approved", "waiting", "waiting"], flags) == [3, 4]


@given(statuses)
def test_a_parallel_flow_starts_every_waiting_step(s):
    assert to_start("parallel", s) == [i for i, x in enumerate(s) if x == "waiting"]


@given(statuses)
def test_an_approval_is_approved_only_when_no_step_is_open_and_none_rejected(s):
    result = outcome(s)
    if "rejected" in s:
        assert result == "rejected"
    elif "waiting" in s or "pending" in s:
        assert result == "pending"
    else:
        assert result == "approved"


def _step(kind: str = "role", role: str | None = "accountant", users: tuple = (), quorum: str = "any") -> StepSpec:
    return StepSpec("s", "true", kind, role, users, quorum, None, "remind")


def test_who_may_decide_in_order_own_submission_role_limit():
    me, other = new_id(), new_id()
    c = Candidate(me, me, frozenset({"accountant"}), Decimal("500000"), True)
    assert refusal(_step(), c, me, Decimal(1), None).code == "self_approval"
    assert refusal(_step(role="owner"), c, other, Decimal(1), None).code == "approver_role"
    assert refusal(_step(), c, other, Decimal("500000.01"), "finance.invoice.approve").code == "approval_limit"
    assert refusal(_step(), c, other, Decimal("500000.00"), "finance.invoice.approve") is None
    no_perm = Candidate(me, me, frozenset({"accountant"}), None, False)
    assert refusal(_step(), no_perm, other, Decimal(1), "finance.invoice.approve").code == "approval_permission"
    delegate = Candidate(other, me, frozenset({"accountant"}), None, True)  # me acting for other
    assert refusal(_step(), delegate, other, Decimal(1), None).code == "self_approval"  # other's own submission


def test_a_definition_that_cannot_run_is_refused_naming_the_field():
    ok = lambda _src, _where: None  # noqa: E731
    with pytest.raises(WorkflowError) as e:
        check_definition("ordered", [_step(kind="user", role=None, quorum="all")], ok)
    assert e.value.field == "steps[0].approver.user_ids"
    with pytest.raises(WorkflowError) as e:
        check_definition("ordered", [_step(quorum="all")], ok)
    assert e.value.code == "quorum_all_needs_users"
    with pytest.raises(WorkflowError) as e:  # a project role step names the role
        check_definition("ordered", [_step(kind="project_role")], ok)
    assert e.value.code == "approver_project_role_missing" and "প্রকল্প" in e.value.message_bn
    assert e.value.field == "steps[0].approver.project_role"
    check_definition("ordered", [_step(kind="manager", role=None)], ok)  # the submitter's manager: accepted
    with pytest.raises(WorkflowError):
        check_definition("sideways", [_step()], ok)
