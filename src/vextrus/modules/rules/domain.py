"""Rules as data: CEL conditions over a subject's declared, typed fields, and their outcomes.

Pure: no database, no web. A rule set version is compiled once into one CEL program (a list of
every rule's condition, so one call evaluates all of them) plus one program per rule (for
`explain` and for naming the rule that failed); `compile_version` is cached by the service per
(rule set, version), so evaluations never parse CEL again.

CEL (`common-expression-language`) is sandboxed: no Python `eval`, no I/O, no loops beyond its
bounded macros. Field types and what a condition sees:

| declared type | Python value given | CEL value |
|---|---|---|
| money, number | Decimal / int / str | double (compare with `amount > 100000`) |
| int | int | int |
| string | str | string |
| bool | bool | bool |
| date | date / "YYYY-MM-DD" | string "YYYY-MM-DD" (ISO strings compare in date order) |
| list | list of str | list(string) |
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import cel

from vextrus.platform.errors import DomainError, NotFound, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits

FIELD_TYPES = ("money", "number", "int", "string", "bool", "date", "list")
MODES = ("first", "all")
OUTCOMES = ("value", "approval_level", "block")
# a field's type in Bangla words (a refusal never names the English type)
TYPE_BN = {"money": "টাকার অঙ্ক", "number": "সংখ্যা", "int": "পূর্ণসংখ্যা", "string": "লেখা", "bool": "সত্য বা মিথ্যা",
           "date": "তারিখ", "list": "তালিকা"}
MAX_CONDITION = 2000  # characters: a condition is a line or two, never a program
MAX_RULES = 500


class RuleError(ValidationFailed):
    """A rule or its input is wrong; `field` names it, `details` carry the line/column for CEL."""


class Missing(NotFound):
    """Not found (404), naming the object in both languages (`what`, `what_bn`)."""

    def __init__(self, what: str, what_bn: str, key: object, field: str | None = None):
        DomainError.__init__(self, "not_found", f"{what} '{key}' was not found", f"{what_bn} '{key}' পাওয়া যায়নি",
                             field=field, details={"object": what, "key": str(key)})


@dataclass(frozen=True)
class SubjectField:
    name: str
    type: str
    label: str = ""
    label_bn: str = ""
    nullable: bool = False


@dataclass(frozen=True)
class Subject:
    """What a module lets rules look at: a document kind (`finance.journal`) and its fields."""

    code: str
    fields: tuple[SubjectField, ...]
    label: str = ""
    label_bn: str = ""
    owner: str = ""

    def field_map(self) -> dict[str, SubjectField]:
        return {f.name: f for f in self.fields}


@dataclass(frozen=True)
class Outcome:
    kind: str  # value | approval_level | block
    value: Any = None  # kind=value: any JSON (a rate, a category)
    level: int | None = None  # kind=approval_level: 1, 2, 3 ... (higher = more senior)
    message: str = ""  # kind=block: why, in English
    message_bn: str = ""  # and in Bangla

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "level": self.level, "message": self.message,
                "message_bn": self.message_bn}


@dataclass(frozen=True)
class Rule:
    key: str
    condition: str
    outcome: Outcome
    priority: int = 100  # smaller runs first (1 before 100); ties keep the written order
    name: str = ""
    name_bn: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "name_bn": self.name_bn, "condition": self.condition,
                "priority": self.priority, "outcome": self.outcome.as_dict()}


def rule_from_dict(d: Mapping[str, Any], i: int = 0) -> Rule:
    o = d.get("outcome") or {}
    if not isinstance(o, Mapping):
        raise RuleError("rule_outcome_invalid", f"Rule {i + 1}: the outcome must be an object",
                        f"নিয়ম {to_bangla_digits(str(i + 1))}: ফলাফল একটি অবজেক্ট হতে হবে", field=f"rules[{i}].outcome")
    try:
        priority = int(d.get("priority", 100))
        level = None if o.get("level") in (None, "") else int(o["level"])
    except (TypeError, ValueError):
        raise RuleError("rule_number_invalid", f"Rule {i + 1}: priority and level are whole numbers",
                        f"নিয়ম {to_bangla_digits(str(i + 1))}: অগ্রাধিকার ও স্তর পূর্ণসংখ্যা হতে হবে", field=f"rules[{i}].priority") from None
    return Rule(key=str(d.get("key") or ""), condition=str(d.get("condition") or ""), priority=priority,
                name=str(d.get("name") or ""), name_bn=str(d.get("name_bn") or ""),
                outcome=Outcome(kind=str(o.get("kind") or ""), value=o.get("value"), level=level,
                                message=str(o.get("message") or ""), message_bn=str(o.get("message_bn") or "")))


# ---- checking a condition on save ----------------------------------------------------------

_POS = re.compile(r"<input>:(\d+):(\d+):")
_MACRO_VARS = re.compile(r"\.(?:all|exists|exists_one|map|filter)\(\s*([A-Za-z_]\w*)\s*,")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_SAMPLE: dict[str, Any] = {"money": 1.0, "number": 1.0, "int": 1, "string": "x", "bool": True,
                           "date": "2025-01-01", "list": ["x"]}


def _line_col(source: str, index: int) -> tuple[int, int]:
    before = source[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _identifier_at(source: str, name: str) -> int:
    """Where `name` first appears as an identifier outside string literals (0 when not found)."""
    blanked = _STRING.sub(lambda m: " " * len(m.group(0)), source)
    m = re.search(rf"(?<![\w.]){re.escape(name)}\b", blanked)
    return m.start() if m else 0


def _field_bn(f: SubjectField) -> str:
    """A field as a Bangla page names it: its Bangla label, else its name (the identifier a condition uses)."""
    return f.label_bn or f.name


def _known_bn(subject: Subject) -> str:
    """The fields a condition may use: each identifier (typed as is in a condition) with its Bangla label."""
    return ", ".join(f"{f.name} ({f.label_bn})" if f.label_bn else f.name for f in sorted(subject.fields, key=lambda f: f.name))


def check_condition(source: str, subject: Subject, where: str = "condition") -> cel.Program:
    """Compile a condition and refuse (with line and column) a syntax error, a field the subject
    does not declare, a type error on sample values of the declared types, or a result that is not
    true/false. Returns the compiled program."""
    if not source.strip():
        raise RuleError("condition_empty", "The condition is empty (write `true` to always match)",
                        "শর্ত ফাঁকা (সবসময় মেলাতে `true` লিখুন)", field=where)
    if len(source) > MAX_CONDITION:
        raise RuleError("condition_too_long", f"A condition has at most {MAX_CONDITION} characters",
                        f"শর্তে সর্বোচ্চ {to_bangla_digits(str(MAX_CONDITION))}টি অক্ষর থাকতে পারে", field=where,
                        details={"max_length": MAX_CONDITION})
    try:
        program = cel.compile(source)
    except (ValueError, RuntimeError) as exc:
        text = str(exc)
        m = _POS.search(text)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        reason = text.split("Syntax error:", 1)[-1].split("\n", 1)[0].strip() if "Syntax error:" in text else \
            text.split("\n", 1)[0]
        raise RuleError("condition_syntax", f"Syntax error at line {line}, column {col}: {reason[:200]}",
                        to_bangla_digits(f"লাইন {line}, কলাম {col}-এ বাক্যগঠন ত্রুটি"), field=where,
                        details={"line": line, "column": col}) from None
    fields = subject.field_map()
    bound = set(_MACRO_VARS.findall(source))
    for name in program.variables():
        if name in fields or name in bound:
            continue
        line, col = _line_col(source, _identifier_at(source, name))
        raise RuleError("condition_unknown_field",
                        f"Unknown field '{name}' at line {line}, column {col}; {subject.code} has: "
                        f"{', '.join(sorted(fields))}",
                        to_bangla_digits(f"লাইন {line}, কলাম {col}-এ") + f" অজানা ঘর '{name}'; "
                        f"{subject.label_bn or subject.code}-এর ঘর: {_known_bn(subject)}", field=where,
                        details={"line": line, "column": col, "name": name, "known": sorted(fields)})
    sample = {f.name: _SAMPLE[f.type] for f in subject.fields}
    try:
        result = program.execute(sample)
    except TypeError as exc:
        raise RuleError("condition_type", f"Type error: {str(exc).split('.', 1)[0]} (types: "
                        + ", ".join(f"{f.name}: {f.type}" for f in subject.fields) + ")",
                        "ধরনের ত্রুটি: শর্তে ঘরের ধরন (টাকা, সংখ্যা, লেখা, তারিখ...) মেলে না", field=where,
                        details={"line": 1, "column": 1}) from None
    except Exception:  # noqa: BLE001 - e.g. a division by the sample value: the types are fine
        return program
    if not isinstance(result, bool):
        raise RuleError("condition_not_boolean", f"The condition must be true or false, not {type(result).__name__}",
                        "শর্তের ফল সত্য বা মিথ্যা হতে হবে", field=where, details={"line": 1, "column": 1})
    return program


def check_rules(rules: Sequence[Rule], subject: Subject, mode: str) -> None:
    if mode not in MODES:
        raise RuleError("rule_set_mode_invalid", "Mode must be 'first' (first match) or 'all' (all matches)",
                        "মোড প্রথম মিল অথবা সব মিল হতে হবে", field="mode")
    if len(rules) > MAX_RULES:
        raise RuleError("rule_set_too_large", f"A rule set has at most {MAX_RULES} rules",
                        f"একটি নিয়মসেটে সর্বোচ্চ {to_bangla_digits(str(MAX_RULES))}টি নিয়ম থাকতে পারে", field="rules")
    seen: set[str] = set()
    for i, r in enumerate(rules):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,79}", r.key or ""):
            raise RuleError("rule_key_invalid", f"Rule {i + 1}: key must be lowercase letters, digits, _ . -",
                            f"নিয়ম {to_bangla_digits(str(i + 1))}: কী ছোট হাতের অক্ষর, অঙ্ক, _ . - দিয়ে লিখুন", field=f"rules[{i}].key")
        if r.key in seen:
            raise RuleError("rule_key_duplicate", f"Rule {i + 1}: key '{r.key}' is used twice",
                            f"নিয়ম {to_bangla_digits(str(i + 1))}: কী '{r.key}' দুবার ব্যবহৃত", field=f"rules[{i}].key")
        seen.add(r.key)
        o = r.outcome
        if o.kind not in OUTCOMES:
            raise RuleError("rule_outcome_invalid", f"Rule {i + 1}: outcome is value, approval_level or block",
                            f"নিয়ম {to_bangla_digits(str(i + 1))}: ফলাফল মান, অনুমোদনের স্তর অথবা বাধা হতে হবে",
                            field=f"rules[{i}].outcome.kind")
        if o.kind == "approval_level" and (o.level is None or o.level < 1):
            raise RuleError("rule_level_invalid", f"Rule {i + 1}: an approval level is 1 or more",
                            f"নিয়ম {to_bangla_digits(str(i + 1))}: অনুমোদনের স্তর ১ বা তার বেশি", field=f"rules[{i}].outcome.level")
        if o.kind == "block" and not (o.message.strip() and o.message_bn.strip()):
            raise RuleError("rule_block_message", f"Rule {i + 1}: a block needs its message in English and Bangla",
                            f"নিয়ম {to_bangla_digits(str(i + 1))}: বাধার বার্তা ইংরেজি ও বাংলায় দিন", field=f"rules[{i}].outcome.message")
        check_condition(r.condition, subject, f"rules[{i}].condition")


# ---- binding a document's values -----------------------------------------------------------


def bind(subject: Subject, data: Mapping[str, Any]) -> dict[str, Any]:
    """The document's values as CEL sees them; a missing or ill-typed field is refused by name."""
    out: dict[str, Any] = {}
    for f in subject.fields:
        where = f"data.{f.name}"
        if f.name not in data or data[f.name] is None:
            if f.nullable:
                out[f.name] = None
                continue
            raise RuleError("rule_data_missing", f"{f.name} is missing", f"{_field_bn(f)} দেওয়া হয়নি", field=where)
        v = data[f.name]
        try:
            out[f.name] = _convert(f.type, v)
        except (TypeError, ValueError, InvalidOperation):
            raise RuleError("rule_data_invalid", f"{f.name} must be a {f.type}", f"{_field_bn(f)} {TYPE_BN.get(f.type, 'সঠিক ধরনের')} হতে হবে",
                            field=where) from None
    return out


def _convert(kind: str, v: Any) -> Any:
    if kind in ("money", "number"):
        if type(v) is Decimal:
            return float(v)  # what float(Decimal(str(v))) gives: Decimal's float goes through its string
        if isinstance(v, (bool, float)):
            raise TypeError(kind)  # money is never a float on the way in
        return float(Decimal(str(v)))
    if kind == "int":
        if isinstance(v, bool):
            raise TypeError(kind)
        return int(v)
    if kind == "bool":
        if not isinstance(v, bool):
            raise TypeError(kind)
        return v
    if kind == "date":
        return (v if isinstance(v, date) else date.fromisoformat(str(v))).isoformat()
    if kind == "list":
        if not isinstance(v, (list, tuple)):
            raise TypeError(kind)
        return [str(x) for x in v]
    if not isinstance(v, str):
        raise TypeError(kind)
    return v


# ---- evaluating ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    key: str
    name: str
    name_bn: str
    outcome: Outcome


@dataclass(frozen=True)
class Result:
    """What a rule set decided for one document. `version`: the rule set version that ran."""

    code: str
    version: int
    mode: str
    matches: tuple[Match, ...]
    checked: tuple[tuple[str, bool], ...] = ()  # explain: every rule in order and whether it matched

    @property
    def matched(self) -> list[str]:
        return [m.key for m in self.matches]

    @property
    def blocked(self) -> Match | None:
        return next((m for m in self.matches if m.outcome.kind == "block"), None)

    @property
    def approval_level(self) -> int:
        return max((m.outcome.level or 0 for m in self.matches if m.outcome.kind == "approval_level"), default=0)

    @property
    def values(self) -> list[Any]:
        return [m.outcome.value for m in self.matches if m.outcome.kind == "value"]


@dataclass
class Compiled:
    """One rule set version, compiled once: `all_program` returns every condition's truth at once."""

    code: str
    version: int
    mode: str
    subject: Subject
    rules: tuple[Rule, ...]
    programs: tuple[cel.Program, ...] = field(default=())
    all_program: cel.Program | None = None
    first_programs: tuple[cel.Program, ...] = ()
    index: RuleIndex | None = None  # simple conditions decided without CEL (see `RuleIndex`)

    def run(self, data: Mapping[str, Any], explain: bool = False) -> Result:
        bound = bind(self.subject, data)
        rules = self.rules
        if not explain and self.index is not None:
            found = self.index.matches_of(bound, self.mode == "first")
            if found is not None:
                return Result(self.code, self.version, self.mode, found)
        if self.mode == "first" and not explain and self.first_programs:
            hits = self._first(bound)
            truths: list[Any] = []
        else:
            truths = self._truths(bound)
            hits = [i for i, t in enumerate(truths) if t is True]
            if self.mode == "first":
                hits = hits[:1]
        matches = tuple(Match(rules[i].key, rules[i].name, rules[i].name_bn, rules[i].outcome) for i in hits)
        checked = tuple((r.key, t is True) for r, t in zip(rules, truths, strict=True)) if explain else ()
        return Result(self.code, self.version, self.mode, matches, checked)

    def _first(self, bound: dict[str, Any]) -> list[int]:
        """First match: chunks of nested `cond ? index : ...` stop at the first condition that holds."""
        try:
            ctx = cel.Context(bound)
            for program in self.first_programs:
                i = program.execute(ctx)
                if i >= 0:
                    return [i]
            return []
        except Exception:  # noqa: BLE001 - find and name the rule that failed
            hits = [i for i, t in enumerate(self._truths(bound)) if t is True]
            return hits[:1]

    def _truths(self, bound: dict[str, Any]) -> list[Any]:
        if not self.rules:
            return []
        try:
            return self.all_program.execute(cel.Context(bound))  # type: ignore[union-attr]  # each condition checked bool on save
        except Exception:  # noqa: BLE001 - find and name the rule that failed, below
            pass
        truths = []
        for i, (r, p) in enumerate(zip(self.rules, self.programs, strict=True)):
            try:
                t = p.execute(bound)
            except Exception as exc:  # noqa: BLE001 - CEL raises several types for a runtime failure
                raise RuleError("rule_failed", f"Rule '{r.key}' could not be evaluated: {str(exc)[:160]}",
                                f"নিয়ম '{r.key}' মূল্যায়ন করা যায়নি", field=f"rules[{i}].condition",
                                details={"rule": r.key}) from None
            if not isinstance(t, bool):
                raise RuleError("condition_not_boolean", f"Rule '{r.key}' did not give true or false",
                                f"নিয়ম '{r.key}' সত্য বা মিথ্যা দেয়নি", field=f"rules[{i}].condition")
            truths.append(t)
        return truths


def ordered(rules: Sequence[Rule]) -> tuple[Rule, ...]:
    return tuple(r for _i, r in sorted(enumerate(rules), key=lambda p: (p[1].priority, p[0])))


def compile_version(code: str, version: int, mode: str, subject: Subject, rules: Sequence[Rule]) -> Compiled:
    rs = ordered(rules)
    programs = tuple(cel.compile(r.condition) for r in rs)
    combined = cel.compile("[" + ", ".join(f"({r.condition})" for r in rs) + "]") if rs else None
    chunks = tuple(
        cel.compile(" : ".join(f"({r.condition}) ? {start + j}" for j, r in enumerate(rs[start:start + _CHUNK]))
                    + " : -1")
        for start in range(0, len(rs), _CHUNK)) if mode == "first" else ()
    return Compiled(code, version, mode, subject, rs, programs, combined, chunks, RuleIndex.build(subject, rs))


_CHUNK = 40  # conditions per first-match program: CEL's parser allows nesting to depth 96


# ---- the rule index: simple comparisons decided for every rule at once -----------------------------
#
# Most rules are a few comparisons of a field with a constant joined by `&&` (`payment_kind == "contractor"
# && amount > 5000000.0 && payee_has_tin`). When a version is compiled, each condition is split into its
# top-level `&&` parts; a part comparing a declared, non-null field with a literal of its type is an *atom*.
# Atoms of one field and operator are indexed together (equality: a dict of values; order: the sorted
# constants, so one bisect decides `amount > K` for every rule), as bitmasks over the rules. Evaluating is
# then one look-up per (field, operator) instead of one CEL step per rule: the rules left standing are
# those none of whose atoms failed; a rule with parts that are not atoms (`"x" in tags`, arithmetic) runs
# only those parts, through CEL, and only when its atoms held. Exact: CEL's `&&` is commutative even over
# errors (`error && false` is false), so a failed atom makes the rule false whatever its other parts do,
# and each atom compares the very values CEL would (doubles, ints, strings: Python and CEL order them
# alike). Anything else (a NaN amount, a part failing at run time) falls back to the whole CEL program.

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ATOM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|<=|>=|<|>)\s*(\"[^\"\\\n]*\"|'[^'\\\n]*'|-?\d+\.\d+(?:[eE][+-]?\d+)?|-?(?:0|[1-9]\d*))")
_EXACT_INT = 2**53  # an int constant compared with a double field: exact as a double below this
_ORDER_OPS = ("<", "<=", ">", ">=")


def _closing(source: str, start: int) -> int | None:
    """The index of the bracket closing the one at `start` (strings skipped), None when unbalanced."""
    depth, i = 0, start
    while i < len(source):
        ch = source[i]
        if ch in "\"'":
            j = source.find(ch, i + 1)
            if j < 0:
                return None
            i = j + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def conjuncts(source: str) -> list[str] | None:
    """The top-level `&&` parts of a condition (outer parentheses and nested all-`&&` groups opened), or
    None when it is not a plain conjunction: a top-level `||` or `?:`, a comment, a string with an
    escape, a prefix (r"", b"") or triple quotes. Never wrong, sometimes None: the caller then runs CEL."""
    src = source.strip()
    while src.startswith("(") and _closing(src, 0) == len(src) - 1:
        src = src[1:-1].strip()
    parts: list[str] = []
    depth = start = i = 0
    while i < len(src):
        ch = src[i]
        if ch in "\"'":
            if (i and (src[i - 1].isalnum() or src[i - 1] == "_")) or src.startswith(ch * 3, i):
                return None
            j = src.find(ch, i + 1)
            if j < 0 or "\\" in src[i:j] or "\n" in src[i:j]:
                return None
            i = j + 1
            continue
        two = src[i:i + 2]
        if two == "//" or ch == "\\":
            return None
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            if two == "&&":
                parts.append(src[start:i])
                start = i = i + 2
                continue
            if two == "||" or ch == "?":
                return None
        i += 1
    parts.append(src[start:])
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if not p:
            return None
        if p.startswith("(") and _closing(p, 0) == len(p) - 1:
            inner = conjuncts(p)
            out.extend(inner if inner is not None and len(inner) > 1 else [p])
        else:
            out.append(p)
    return out


def atom(part: str, fields: Mapping[str, SubjectField]) -> tuple[str, str, Any] | None:
    """(field, operator, constant) when `part` compares a declared non-null field with a literal of its
    CEL type (`amount > 5000000.0`, `kind == "export"`, `urgent`, `!urgent`), else None."""
    part = part.strip()
    while part.startswith("(") and _closing(part, 0) == len(part) - 1:
        part = part[1:-1].strip()
    negated = part.startswith("!")
    name = part[1:].strip() if negated else part
    if _NAME.fullmatch(name) and name in fields and fields[name].type == "bool" and not fields[name].nullable:
        return name, "==", not negated
    m = _ATOM.fullmatch(part)
    if m is None or m.group(1) not in fields:
        return None
    f, op, lit = fields[m.group(1)], m.group(2), m.group(3)
    if f.nullable:
        return None
    if lit[0] in "\"'":
        return (f.name, op, lit[1:-1]) if f.type in ("string", "date") else None
    if f.type in ("money", "number"):
        if "." not in lit and abs(int(lit)) >= _EXACT_INT:
            return None
        return f.name, op, float(lit)
    if f.type == "int" and "." not in lit:
        return f.name, op, int(lit)
    return None


@dataclass(frozen=True)
class _Order:
    """Atoms `field op K` of one field and order operator: the sorted constants and, for each cut, the
    rules whose atom fails when the value falls there (so one bisect answers for every such rule)."""

    op: str
    keys: tuple[Any, ...]
    failing: tuple[int, ...]  # failing[j]: the rules whose atom fails when bisect puts the value at j

    def fails(self, v: Any) -> int:
        op = self.op
        j = bisect_left(self.keys, v) if op in (">", "<=") else bisect_right(self.keys, v)
        return self.failing[j]


@dataclass(frozen=True)
class RuleIndex:
    """The compiled index of one rule set version (see above); `matches` are made once, here."""

    eq: tuple[tuple[str, int, dict[Any, int]], ...]  # field, rules with an `==` atom on it, rules per value
    ne: tuple[tuple[str, dict[Any, int]], ...]  # field, rules failing per value
    order: tuple[tuple[str, _Order], ...]
    rest: tuple[cel.Program | None, ...]  # per rule: the parts that are not atoms (None: nothing more)
    complex_rules: int  # the rules that have a `rest`
    every: int
    matches: tuple[Match, ...]

    @staticmethod
    def build(subject: Subject, rules: Sequence[Rule]) -> RuleIndex | None:
        if not rules:
            return None
        fields = subject.field_map()
        eq: list[tuple[str, dict[Any, int]]] = []
        ne: dict[str, dict[Any, int]] = {}
        order: dict[tuple[str, str], dict[Any, int]] = {}
        rest: list[cel.Program | None] = []
        complex_rules = 0
        for i, r in enumerate(rules):
            bit = 1 << i
            parts = conjuncts(r.condition) or [r.condition]
            others = []
            for p in parts:
                a = atom(p, fields)
                if a is None:
                    others.append(p)
                    continue
                name, op, k = a
                if op == "==":  # a rule's second `==` on a field (`a == "x" && a == "y"`) goes in a group of its own
                    group = next((g for n, g in eq if n == name and not any(m & bit for m in g.values())), None)
                    if group is None:
                        group = {}
                        eq.append((name, group))
                    group[k] = group.get(k, 0) | bit
                elif op == "!=":
                    ne.setdefault(name, {})
                    ne[name][k] = ne[name].get(k, 0) | bit
                else:
                    by = order.setdefault((name, op), {})
                    by[k] = by.get(k, 0) | bit
            if others:
                complex_rules |= bit
                rest.append(cel.compile(" && ".join(f"({p})" for p in others)))
            else:
                rest.append(None)
        orders = []
        for (name, op), by in order.items():
            keys = tuple(sorted(by))
            # the value's cut j (bisect): `> K` / `>= K` fail for the constants at j and after; `< K` / `<= K`
            # for those before j
            if op in (">", ">="):
                suffix = [0] * (len(keys) + 1)
                for j in range(len(keys) - 1, -1, -1):
                    suffix[j] = suffix[j + 1] | by[keys[j]]
                failing = tuple(suffix)
            else:
                prefix = [0] * (len(keys) + 1)
                for j, k in enumerate(keys):
                    prefix[j + 1] = prefix[j] | by[k]
                failing = tuple(prefix)
            orders.append((name, _Order(op, keys, failing)))
        return RuleIndex(
            eq=tuple((n, _or(by.values()), by) for n, by in eq), ne=tuple(ne.items()), order=tuple(orders),
            rest=tuple(rest), complex_rules=complex_rules, every=(1 << len(rules)) - 1,
            matches=tuple(Match(r.key, r.name, r.name_bn, r.outcome) for r in rules))

    def matches_of(self, bound: Mapping[str, Any], first: bool) -> tuple[Match, ...] | None:
        """The matching rules in order (the first only, when `first`); None: ask CEL for the whole set
        (a value the index does not compare the way CEL does, or a part that failed at run time)."""
        failed = 0
        for name, with_atom, by in self.eq:
            failed |= with_atom & ~by.get(bound[name], 0)
        for name, by in self.ne:
            failed |= by.get(bound[name], 0)
        for name, o in self.order:
            v = bound[name]
            if v != v:  # NaN: CEL's comparisons of it are not Python's
                return None
            failed |= o.fails(v)
        standing = self.every & ~failed
        out: list[Match] = []
        matches, complex_rules, ctx = self.matches, self.complex_rules, None
        while standing:
            low = standing & -standing
            standing ^= low
            i = low.bit_length() - 1
            if low & complex_rules:
                if ctx is None:
                    ctx = cel.Context(bound)
                try:
                    t = self.rest[i].execute(ctx)  # type: ignore[union-attr]
                except Exception:  # noqa: BLE001 - CEL raises several types; the whole program names the rule
                    return None
                if t is not True:
                    if t is not False:
                        return None
                    continue
            out.append(matches[i])
            if first:
                break
        return tuple(out)


def _or(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out
