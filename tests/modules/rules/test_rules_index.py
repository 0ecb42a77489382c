"""The rule index (issue 13's evaluation rate): simple comparisons are decided for every rule at once, without
CEL. It must give exactly what CEL gives: random rule sets mixing indexed comparisons with parts only CEL can
run (`in`, arithmetic, `||`, a field that may be null, a conversion that fails) are evaluated both ways, first
match and all match, and must agree, rule by rule, with the explained run (which evaluates every condition in
CEL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.rules.domain import (
    Outcome,
    Rule,
    RuleError,
    Subject,
    SubjectField,
    atom,
    compile_version,
    conjuncts,
)

SUBJECT = Subject("test.index", (
    SubjectField("amount", "money"), SubjectField("kind", "string"), SubjectField("urgent", "bool"),
    SubjectField("n", "int"), SubjectField("on", "date"), SubjectField("tags", "list"),
    SubjectField("note", "string", nullable=True)))

PARTS = ['amount > {a}', 'amount >= {a}', 'amount < {a}', 'amount <= {a}', 'amount == {a}', 'amount != {a}',
         'amount > {ai}', 'kind == "{k}"', "kind != '{k}'", 'kind < "{k}"', 'kind >= "{k}"', 'urgent', '!urgent',
         'n > {i}', 'n <= {i}', 'n == {i}', 'n != {i}', 'on >= "2025-0{m}-01"', 'on < "2025-0{m}-01"',
         '"{k}" in tags', 'amount * 2.0 > {a}', 'note == "{k}"', '(kind == "{k}" || n > {i})', 'int(kind) > 1',
         '(amount > {a})', '(urgent && n != {i})', 'kind == "{k}" ? n > {i} : urgent']

literals = st.fixed_dictionaries({
    "a": st.builds(lambda u, c: f"{u * 50000}.{c}", st.integers(0, 20), st.sampled_from(["0", "5", "00"])),
    "ai": st.integers(0, 20).map(lambda u: u * 50000), "k": st.sampled_from("abcx"), "i": st.integers(-2, 5),
    "m": st.integers(1, 9)})
condition = st.lists(st.tuples(st.sampled_from(PARTS), literals), min_size=1, max_size=4).map(
    lambda ps: " && ".join(p.format(**lit) for p, lit in ps))
rules = st.lists(st.tuples(condition, st.integers(1, 5), st.booleans()), min_size=1, max_size=25).map(
    lambda rs: [Rule(f"r{j}", f"({c})" if wrap else c, Outcome("value", j), priority=p)
                for j, (c, p, wrap) in enumerate(rs)])
documents = st.fixed_dictionaries({
    "amount": st.builds(lambda u, c: Decimal(u * 50000) + Decimal(c), st.integers(0, 20),
                        st.sampled_from(["0", "0.5", "0.01"])),
    "kind": st.sampled_from("abcx1"), "urgent": st.booleans(), "n": st.integers(-3, 6),
    "on": st.integers(1, 9).map(lambda m: f"2025-0{m}-01"), "tags": st.lists(st.sampled_from("abc"), max_size=3),
    "note": st.sampled_from([None, "a", "b"])})


def _run(compiled, doc, explain):  # noqa: ANN001, ANN202
    try:
        return compiled.run(doc, explain=explain), None
    except RuleError as exc:
        return None, (exc.code, exc.details)


@settings(max_examples=300, deadline=None)
@given(rules, st.lists(documents, min_size=1, max_size=5), st.sampled_from(["first", "all"]))
def test_the_index_agrees_with_cel_rule_by_rule(rs, docs, mode):
    compiled = compile_version("t", 1, mode, SUBJECT, rs)
    assert compiled.index is not None
    for doc in docs:
        explained, failed = _run(compiled, doc, True)
        fast, fast_failed = _run(compiled, doc, False)
        if failed is not None:  # a rule CEL cannot evaluate: the fast run names it too, or (first match) stops before it
            assert fast_failed == failed or (mode == "first" and fast is not None)
            continue
        assert fast_failed is None
        want = [k for k, t in explained.checked if t]
        assert fast.matched == (want[:1] if mode == "first" else want)


def test_which_parts_are_indexed():
    fields = SUBJECT.field_map()
    assert conjuncts('(kind == "a" && (amount > 1.0 && urgent)) && !urgent') == [
        'kind == "a"', "amount > 1.0", "urgent", "!urgent"]
    assert conjuncts('kind == "a" && urgent || n > 1') is None  # || binds looser than &&: not a conjunction
    assert conjuncts('kind == "a" ? urgent : n > 1') is None
    assert conjuncts("kind == 'a&&b' && urgent") == ["kind == 'a&&b'", "urgent"]
    assert conjuncts('kind == "a\\"" && urgent') is None  # an escape: left to CEL
    assert conjuncts('kind == r"a" && urgent') is None
    assert atom("amount > 100000.50", fields) == ("amount", ">", 100000.5)
    assert atom("amount > 100000", fields) == ("amount", ">", 100000.0)
    assert atom("amount > 9007199254740993", fields) is None  # not exact as a double: CEL decides
    assert atom("n == 010", fields) is None  # CEL reads a leading zero its own way
    assert atom("n > 1.5", fields) is None and atom('n == "1"', fields) is None
    assert atom('note == "a"', fields) is None  # may be null
    assert atom("!urgent", fields) == ("urgent", "==", False)
    assert atom('"a" in tags', fields) is None and atom("amount * 2.0 > 1.0", fields) is None


def test_a_nan_amount_is_left_to_cel():
    r = Rule("r", "amount > 1.0", Outcome("value", 1))
    c = compile_version("t", 1, "all", Subject("t", (SubjectField("amount", "money"),)), [r])
    fast, explained = _run(c, {"amount": Decimal("NaN")}, False), _run(c, {"amount": Decimal("NaN")}, True)
    assert (fast[0].matched if fast[0] else fast[1]) == (explained[0].matched if explained[0] else explained[1])


@pytest.mark.parametrize("mode", ["first", "all"])
def test_a_part_failing_at_run_time_is_named_as_before(mode):
    rs = [Rule("ok", "amount > 1.0", Outcome("value", 1), 1), Rule("bad", 'urgent && int(kind) > 1', Outcome("value", 2), 2)]
    c = compile_version("t", 1, mode, SUBJECT, rs)
    doc = {"amount": Decimal("0"), "kind": "x", "urgent": True, "n": 1, "on": "2025-01-01", "tags": [], "note": None}
    with pytest.raises(RuleError) as e:
        c.run(doc)
    assert e.value.code == "rule_failed" and e.value.details == {"rule": "bad"}
    assert c.run({**doc, "urgent": False}).matched == []  # its other part is false: CEL's && gives false, so does the index
