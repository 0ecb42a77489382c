"""The segregation-of-duties rule set's head is read in the decision's own SELECT (issue 13, the decision rate):
a change saved between two decisions applies to the next one at once (no stale rule), a set switched off blocks
nothing, and the refusal names the version that ran."""

from __future__ import annotations

import pytest
from test_workflow_service import _step, define, submit

from vextrus.modules.rules import service as rules
from vextrus.modules.rules.schemas import OutcomeModel, RuleModel, RuleSetInput
from vextrus.modules.workflow import service
from vextrus.modules.workflow.domain import DecisionRefused
from vextrus.platform import context


def _save_sod(extra: list[RuleModel], active: bool = True) -> int:
    with context.acting_as(context.system_context(context.current().tenant_id)):
        now = rules.get_rule_set("workflow.sod")
        data = RuleSetInput(subject=now.subject, name=now.name, name_bn=now.name_bn, mode=now.mode, active=active,
                            rules=[*now.rules, *extra])
        return rules.save_rule_set("workflow.sod", data, expected_version=now.version).current_version


def test_a_rule_saved_between_two_decisions_applies_to_the_next_one(db, people):
    with context.acting_as(context.system_context(people.tenant_id)):
        service.seed_defaults()
    with people.acting("clerk"):
        define(_step("check", "accountant"), sod="workflow.sod")
        first, second, third = submit(), submit(), submit()
    with people.acting("acct"):
        assert service.decide(first.id, "approve").status == "approved"  # the set's version 1 compiled and cached
    block = RuleModel(key="acct_blocked", name="Blocked", name_bn="বন্ধ", condition=f'approver == "{people.ids["acct"]}"',
                      outcome=OutcomeModel(kind="block", message="Blocked for this test", message_bn="এই পরীক্ষায় বন্ধ"))
    with people.acting("acct"):
        version = _save_sod([block])
        with pytest.raises(DecisionRefused) as e:
            service.decide(second.id, "approve")
    assert e.value.code == "segregation_of_duties" and e.value.details["rule"] == "acct_blocked"
    assert e.value.details["rule_set_version"] == version == 2
    with people.acting("acct"):
        _save_sod([], active=False)  # the set switched off: it blocks nothing
        assert service.decide(second.id, "approve").status == "approved"
        _save_sod([], active=True)  # on again, the block still in it
        with pytest.raises(DecisionRefused):
            service.decide(third.id, "approve")
