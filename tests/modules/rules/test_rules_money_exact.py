"""Money reaches CEL as a double (the `cel` library has no decimal type). A rule compares an amount with a
limit written in the rule, e.g. `amount > 100000.50`; both sides are the nearest double to a decimal of at
most 15 significant digits (amounts are capped at 10^12 with two decimals: `platform.money.MAX_AMOUNT`),
and such decimals map to distinct doubles in the same order (IEEE 754 binary64 keeps 15 decimal digits).
So every comparison a rule makes agrees with exact Decimal arithmetic, to the poisha, over the whole
range; arithmetic inside a condition (`amount * 0.15`) is not promised exact and the docs say so."""

from __future__ import annotations

import operator
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.rules.domain import Outcome, Rule, Subject, SubjectField, compile_version
from vextrus.platform.money import MAX_AMOUNT

SUBJECT = Subject("test.doc", (SubjectField("amount", "money"),))
POISHA = st.integers(min_value=-int(MAX_AMOUNT * 100), max_value=int(MAX_AMOUNT * 100))
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq}


def _money(poisha: int) -> Decimal:
    return Decimal(poisha).scaleb(-2)


@settings(max_examples=400, deadline=None)
@given(POISHA, POISHA, st.sampled_from(sorted(OPS)))
def test_a_rule_compares_any_two_amounts_to_the_poisha(amount: int, limit: int, op: str):
    a, lim = _money(amount), _money(limit)
    rule = Rule("r", f"amount {op} {lim:.2f}", Outcome("approval_level", level=1))
    got = compile_version("test.doc", 1, "all", SUBJECT, [rule]).run({"amount": a}).matched == ["r"]
    assert got == OPS[op](a, lim), (a, op, lim)


@settings(max_examples=200, deadline=None)
@given(POISHA)
def test_one_poisha_either_side_of_a_limit_falls_on_the_right_side(limit: int):
    lim = _money(limit)
    rule = Rule("r", f"amount >= {lim:.2f}", Outcome("approval_level", level=2))
    compiled = compile_version("test.doc", 1, "all", SUBJECT, [rule])
    assert compiled.run({"amount": lim}).matched == ["r"]
    assert compiled.run({"amount": lim - Decimal("0.01")}).matched == []
