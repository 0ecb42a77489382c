"""No English word and no Latin digit reaches a Bangla message through what it interpolates.

Every f-string with Bangla text in `src/vextrus` (the `message_bn` of a refusal, a Bangla label or note) is read
from the source: each `{...}` in it must be
- formatted for Bangla (a call such as `to_bangla_digits(...)`, `format_count(n, "bn")`, `format_money(.., "bn")`,
  `bn_digits(...)`, `label(kind, value, "bn")`: a function whose name says Bangla, or a `format_*`/`label` call
  given "bn"), or
- a value already in Bangla (a name such as `what_bn`, `label_bn`, `name_bn`, a `*_BN[...]` lookup), or
- the record's own identifier as the user typed it (its `code` or `*_code`, `number`, `key`, `name`: `JV-0001` stays `JV-0001`; the input echoed back),
  or an ISO currency code (BDT);
an f-string handed whole to `to_bangla_digits(...)` has its digits converted.
Anything else (`{field}`, `{status}`, `{i + 1}`, `{limit}`, `{d.isoformat()}`) puts an English field name, an
English enum value or Latin digits on a Bangla page.

Files still to sweep would be listed with how many such places they hold (none is now); the count may only go
down, and every other file must have none.
"""

from __future__ import annotations

import ast
import json
import re
from importlib import resources
from pathlib import Path

from bangla_text import latin_words

SRC = Path(str(resources.files("vextrus")))
BANGLA = re.compile(r"[\u0980-\u09FF]")
# A record's identifier as the user typed it: shown as is in both languages.
USER_DATA = {"code", "number", "key", "name", "q", "no", "item_no", "line_no", "bn_no", "uid",
             "raw", "text", "value", "shown",  # the input echoed back: "'abc' সংখ্যা নয়"
             "sign",  # a comparison sign: ≥
             "numbers", "codes", "reference",
             "currency", "cur", "base", "commodity", "currencies"}  # ISO currency codes (BDT, USD): codes, not words
FORMATTERS = {"format_number", "format_count", "format_money", "format_date", "label", "translate", "t"}

# Places left to sweep, per file: none since 7 Dec 2026 (the last, finance's hledger reader, swept then); a file
# listed here again may only lower its count.
NOT_YET_SWEPT: dict[str, int] = {}


def _last_name(node: ast.expr) -> str:
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return node.attr
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            return node.slice.value  # fields['currency']: the key names it
        if isinstance(node, (ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return ""


def _says_bangla(name: str) -> bool:
    low = name.lower()
    return "bangla" in low or low.startswith("bn") or low.endswith("bn") or "_bn_" in low


def _bangla_ready(node: ast.expr) -> bool:
    """Whether `node`, interpolated into Bangla text, is Bangla (or a user's identifier) by construction."""
    if isinstance(node, ast.Call):
        name = _last_name(node.func)
        if _says_bangla(name):
            return True
        if name in FORMATTERS:
            return any(isinstance(a, ast.Constant) and a.value == "bn" for a in [*node.args, *(k.value for k in node.keywords)])
        if name == "get" and isinstance(node.func, ast.Attribute):
            return _bangla_ready(node.func.value)
        if name == "join" and isinstance(node.func, ast.Attribute):
            return all(_bangla_ready(a) for a in node.args)
        return False
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _bangla_ready(node.elt)
    if isinstance(node, ast.IfExp):
        return _bangla_ready(node.body) and _bangla_ready(node.orelse)
    if isinstance(node, ast.BoolOp):
        return all(_bangla_ready(v) for v in node.values)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and not re.search(r"[A-Za-z0-9]", node.value)
    name = _last_name(node)
    return bool(name) and (_says_bangla(name) or name.endswith(("_BN", "_code", "_codes")) or name in USER_DATA)


def english_in_bangla(path: Path) -> list[str]:
    """The interpolations of `path`'s Bangla f-strings that are not Bangla: 'line: expression'."""
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    # an f-string handed whole to a Bangla formatter (`to_bangla_digits(f"লাইন {n}...")`) has its digits converted
    converted = {id(a) for call in ast.walk(tree) if isinstance(call, ast.Call) and _says_bangla(_last_name(call.func))
                 for a in call.args}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr) or id(node) in converted:
            continue
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if not BANGLA.search(text):
            continue
        found += [f"{v.value.lineno}: {ast.get_source_segment(source, v.value)}" for v in node.values
                  if isinstance(v, ast.FormattedValue) and not _bangla_ready(v.value)]
    return found


def _all() -> dict[str, list[str]]:
    places = {}
    for path in sorted(SRC.rglob("*.py")):
        if found := english_in_bangla(path):
            places[str(path.relative_to(SRC))] = found
    return places


def test_bangla_text_interpolates_only_bangla():
    over = {f: places for f, places in _all().items() if len(places) > NOT_YET_SWEPT.get(f, 0)}
    assert over == {}, "English or Latin digits interpolated into Bangla text (wrap in to_bangla_digits/format_* 'bn')"


def test_the_check_sees_what_it_should():
    def check(code: str) -> list[str]:
        tmp = Path(__file__).with_name("_bangla_probe.py")
        try:
            tmp.write_text(code, "utf-8")
            return [p.split(": ", 1)[1] for p in english_in_bangla(tmp)]
        finally:
            tmp.unlink()

    bad = ('f"{field} এ {len(v)}টি অক্ষর; লাইন {i + 1}, অবস্থা {status}, তারিখ {d.isoformat()}"\n')
    assert check(bad) == ["field", "len(v)", "i + 1", "status", "d.isoformat()"]
    good = ('f"লাইন {to_bangla_digits(str(i + 1))}: {what_bn} {STATUS_BN[s]} {format_count(n, \'bn\')} '
            '{format_money(a, cur, locale=\'bn\')} \'{code}\' {row.number}"\n')
    assert check(good) == []
    assert check('f"line {i + 1}: {field}"\n') == []  # English text may say anything


# Words a Bangla catalogue text may keep: tool and product names (as in test_i18n_catalogues' allow-list), the
# keyboard's key names and the language switch's own name.
CATALOGUE_WORDS = {"hledger", "ledger", "Beancount", "Project", "Enter", "Alt", "English"}


def test_bangla_catalogues_hold_no_english_words():
    found = []
    for path in sorted(SRC.rglob("i18n/bn.json")):
        for key, text in json.loads(path.read_text("utf-8")).items():
            words = [w for w in latin_words(re.sub(r"\{\w+\}", "", text)) if w not in CATALOGUE_WORDS]
            found += [f"{path.parent.parent.name} {key}: {words}"] if words else []
    assert found == []
