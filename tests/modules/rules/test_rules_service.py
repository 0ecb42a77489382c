"""Rule sets on both databases: versions, save-time refusals with positions, test/explain, the seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.rules import service
from vextrus.modules.rules.domain import RuleError, SubjectField
from vextrus.modules.rules.schemas import OutcomeModel, RuleModel, RuleSetInput
from vextrus.modules.rules.subjects import declare
from vextrus.platform import context
from vextrus.platform.errors import NotFound, PermissionDenied, StaleVersion

declare("test.invoice", [SubjectField("amount", "money"), SubjectField("vendor_kind", "string"),
                         SubjectField("urgent", "bool"), SubjectField("on", "date")])


def _rule(key: str, cond: str, priority: int = 100, **outcome: object) -> RuleModel:
    return RuleModel(key=key, condition=cond, priority=priority, outcome=OutcomeModel(**(outcome or {"kind": "value"})))


def _set(*rules: RuleModel, mode: str = "first") -> RuleSetInput:
    return RuleSetInput(subject="test.invoice", name="Invoice levels", name_bn="চালানের স্তর", mode=mode,
                        rules=list(rules))


LEVELS = _set(
    _rule("ceo", "amount > 5000000.0", 10, kind="approval_level", level=4),
    _rule("cfo", "amount > 1000000.0", 20, kind="approval_level", level=3),
    _rule("fm", "amount > 500000.0", 30, kind="approval_level", level=2),
    _rule("head", "amount > 100000.0", 40, kind="approval_level", level=1),
)
DOC = {"amount": Decimal("750000.00"), "vendor_kind": "local", "urgent": False, "on": "2025-08-01"}


def test_first_match_takes_the_first_rule_by_priority_and_all_match_takes_every_one(db, admin):
    service.save_rule_set("inv.levels", LEVELS)
    r = service.evaluate("inv.levels", DOC)
    assert (r.matched, r.approval_level, r.rule_set_version) == (["fm"], 2, 1)
    service.save_rule_set("inv.all", LEVELS.model_copy(update={"mode": "all"}))
    r = service.evaluate("inv.all", DOC)
    assert r.matched == ["fm", "head"] and r.approval_level == 2


def test_a_change_makes_a_new_version_and_evaluations_name_the_version_that_ran(db, admin):
    v1 = service.save_rule_set("inv.levels", LEVELS)
    assert service.evaluate("inv.levels", DOC).rule_set_version == 1
    changed = LEVELS.model_copy(update={"rules": [_rule("fm", "amount > 800000.0", kind="approval_level", level=2)]})
    v2 = service.save_rule_set("inv.levels", changed, expected_version=v1.version)
    assert v2.current_version == 2 and [v.number for v in v2.versions] == [2, 1]
    r = service.evaluate("inv.levels", DOC)
    assert (r.rule_set_version, r.matched) == (2, [])
    old = service.test_rule_set("inv.levels", DOC, version=1)
    assert (old.rule_set_version, old.matched) == (1, ["fm"])
    # a rename alone is not a new version of the rules
    v3 = service.save_rule_set("inv.levels", changed.model_copy(update={"name": "Levels"}))
    assert v3.current_version == 2
    with pytest.raises(StaleVersion):
        service.save_rule_set("inv.levels", LEVELS, expected_version=v1.version)


def test_a_syntax_error_is_refused_on_save_with_its_line_and_column(db, admin):
    with pytest.raises(RuleError) as e:
        service.save_rule_set("bad", _set(_rule("a", "amount > 10"), _rule("b", "amount >")))
    err = e.value
    assert err.code == "condition_syntax" and err.field == "rules[1].condition"
    assert err.details == {"line": 1, "column": 9}
    assert "লাইন ১" in err.message_bn
    with pytest.raises(NotFound):
        service.get_rule_set("bad")


def test_an_unknown_field_is_refused_on_save_with_its_position(db, admin):
    with pytest.raises(RuleError) as e:
        service.save_rule_set("bad", _set(_rule("a", 'amount > 10.0 && "totl" != vendor_kind && totl > 3.0')))
    assert e.value.code == "condition_unknown_field"
    assert e.value.details["name"] == "totl" and e.value.details["column"] == 43
    with pytest.raises(RuleError) as e:
        service.save_rule_set("bad", _set(_rule("a", 'amount > "ten"')))
    assert e.value.code == "condition_type"
    with pytest.raises(RuleError) as e:
        service.save_rule_set("bad", _set(_rule("a", "amount + 1.0")))
    assert e.value.code == "condition_not_boolean"


def test_a_block_needs_both_messages_and_stops_the_document(db, admin):
    with pytest.raises(RuleError) as e:
        service.save_rule_set("sod", _set(_rule("x", "urgent", kind="block", message="No")))
    assert e.value.code == "rule_block_message"
    service.save_rule_set("sod", _set(_rule("x", "urgent && amount > 0.0", kind="block", message="Urgent invoices "
                                            "need a purchase order", message_bn="জরুরি চালানের জন্য ক্রয়াদেশ লাগে")))
    r = service.evaluate("sod", {**DOC, "urgent": True})
    assert r.blocked and r.block_message_bn.startswith("জরুরি")
    assert not service.evaluate("sod", DOC).blocked


def test_explain_lists_every_rule_in_order_with_whether_it_matched(db, admin):
    service.save_rule_set("inv.levels", LEVELS)
    r = service.test_rule_set("inv.levels", {**DOC, "amount": "1500000"})
    assert [(c.key, c.matched) for c in r.checked] == [("ceo", False), ("cfo", True), ("fm", True), ("head", True)]
    assert r.matched == ["cfo"]


def test_bad_document_values_are_refused_by_field(db, admin):
    service.save_rule_set("inv.levels", LEVELS)
    with pytest.raises(RuleError) as e:
        service.evaluate("inv.levels", {k: v for k, v in DOC.items() if k != "amount"})
    assert e.value.field == "data.amount"
    with pytest.raises(RuleError) as e:
        service.evaluate("inv.levels", {**DOC, "amount": 1.5})  # money is never a float
    assert e.value.code == "rule_data_invalid"


def test_each_version_is_compiled_once(db, admin):
    service.save_rule_set("inv.levels", LEVELS)
    service.evaluate("inv.levels", DOC)
    before = service.compiles
    for _ in range(50):
        service.evaluate("inv.levels", DOC)
    assert service.compiles == before


def test_seeded_vat_and_withholding_categories(db, admin):
    assert set(service.seed_defaults()) == {"bd.vat_category", "bd.withholding"}
    assert service.seed_defaults() == []
    vat = {"supply": "local", "service_code": "S099.00", "first_schedule": False, "reduced_rate": 0, "on": "2025-08-01"}
    assert service.evaluate("bd.vat_category", vat).values == [{"category": "standard", "rate": "15"}]
    assert service.evaluate("bd.vat_category", {**vat, "supply": "export"}).values[0]["category"] == "zero_rated"
    assert service.evaluate("bd.vat_category", {**vat, "first_schedule": True}).values[0]["category"] == "exempt"
    assert service.evaluate("bd.vat_category", {**vat, "service_code": "S004.00"}).values[0]["rate"] == "10"
    assert service.evaluate("bd.vat_category", {**vat, "service_code": "S004.00", "on": "2025-06-30"}
                            ).values[0]["rate"] == "7.5"
    assert service.evaluate("bd.vat_category", {**vat, "reduced_rate": "5"}).values[0]["rate"] == "5"
    wht = {"payment_kind": "contractor", "amount": "5000000.00", "payee_has_tin": True, "on": "2025-08-01"}
    assert service.evaluate("bd.withholding", wht).values[0]["rate"] == "3"
    assert service.evaluate("bd.withholding", {**wht, "amount": "5000000.01"}).values[0]["rate"] == "5"
    assert service.evaluate("bd.withholding", {**wht, "amount": "20000001"}).values[0]["rate"] == "7"
    assert service.evaluate("bd.withholding", {**wht, "payee_has_tin": False}).values[0]["category"] == \
        "contractor_no_tin"


def test_reading_and_changing_need_their_permissions(db, tenant_id):
    ctx = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"rules.rule_set.view"}), actor="v")
    with context.acting_as(ctx):
        assert service.list_rule_sets() == []
        with pytest.raises(PermissionDenied):
            service.save_rule_set("x", LEVELS)
        with pytest.raises(PermissionDenied):
            service.evaluate("x", DOC)


@settings(max_examples=60, deadline=None)
@given(amount=st.integers(min_value=0, max_value=10_000_000), kind=st.sampled_from(["local", "export", "x"]),
       urgent=st.booleans())
def test_the_fast_first_match_agrees_with_the_explained_one(amount, kind, urgent):
    from vextrus.modules.rules.domain import compile_version, rule_from_dict
    from vextrus.modules.rules.subjects import get

    rules = [rule_from_dict(r.model_dump(), i) for i, r in enumerate(
        [*LEVELS.rules, _rule("export", 'vendor_kind == "export" && !urgent', 5)] * 30)]
    rules = [r.__class__(f"{r.key}{i}", r.condition, r.outcome, r.priority) for i, r in enumerate(rules)]
    c = compile_version("p", 1, "first", get("test.invoice"), rules)
    doc = {"amount": amount, "vendor_kind": kind, "urgent": urgent, "on": "2025-01-01"}
    explained = c.run(doc, explain=True)
    assert c.run(doc).matched == explained.matched == [k for k, t in explained.checked if t][:1]


def test_a_rule_that_fails_at_run_time_is_named(db, admin):
    service.save_rule_set("div", _set(_rule("ok", "amount > 1.0", 1), _rule("bad", "int(vendor_kind) > 1", 2)))
    with pytest.raises(RuleError) as e:
        service.evaluate("div", {**DOC, "amount": "0"})
    assert e.value.code == "rule_failed" and e.value.details == {"rule": "bad"}
