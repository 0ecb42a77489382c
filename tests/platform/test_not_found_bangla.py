"""Every object a `NotFound` names has a Bangla name: the Bangla message never falls back to the English one.

`NotFound(what, key)` says `f"{OBJECT_BN[what]} '{key}' পাওয়া যায়নি"` and falls back to `what` (English) when
`OBJECT_BN` lacks it. The source is read: each call of `NotFound`, `context.require_company` and
`context.require_scope` (which raise `NotFound(what, ...)`) and of a module's loader that hands its `what` to them
(crm's `load`) with the object's name written out must find that name in `OBJECT_BN`. A call whose name is not
written out is one of the places listed below, each of which names the object in Bangla its own way.
"""

from __future__ import annotations

import ast
from importlib import resources
from pathlib import Path

from vextrus.platform.errors import OBJECT_BN, NotFound

SRC = Path(str(resources.files("vextrus")))
# function name -> position of the object's name among its arguments
NAMING = {"NotFound": 0, "require_company": 1, "require_scope": 1}
LOADERS = {"modules/crm/service/common.py": ("load", 3)}  # a module's loader: (its name, the `what` position)
# Calls whose object name is not written out there, and why its Bangla is still right:
COMPUTED = {
    "modules/master_data/api.py": "party or item, from a tuple with its Bangla",
    "modules/crm/service/common.py": "load's `what`: its callers' names are checked (LOADERS)",
    "modules/scheduler/domain/errors.py": "missing(what, what_bn, ...) sets the Bangla message",
    "modules/notifications/domain/errors.py": "missing(what, what_bn, ...) sets the Bangla message",
    "modules/files/service/attachments.py": "the object type's own label_bn",
    "modules/organization/service.py": "branch or department from the table's name (checked below)",
    "platform/context.py": "require_company/require_scope's `what`: their callers' names are checked",
}


def _calls() -> tuple[dict[str, list[str]], set[str]]:
    """({object name: ['file:line', ...]}, files holding a call whose name is computed)."""
    named: dict[str, list[str]] = {}
    computed: set[str] = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC))
        loader = LOADERS.get(rel)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            pos = NAMING.get(name, loader[1] if loader and name == loader[0] else None)
            if pos is None or len(node.args) <= pos:
                continue
            arg = node.args[pos]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                named.setdefault(arg.value, []).append(f"{rel}:{node.lineno}")
            else:
                computed.add(rel)
    # crm's loader is called from crm's other files
    for path in sorted((SRC / "modules" / "crm").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "load"
                    and len(node.args) > 3 and isinstance(node.args[3], ast.Constant)):
                named.setdefault(node.args[3].value, []).append(f"{path.relative_to(SRC)}:{node.lineno}")
    return named, computed


def test_every_not_found_object_has_a_bangla_name():
    named, _ = _calls()
    assert len(named) > 40  # the scan sees the calls (documents, runs, parties ...)
    missing = {what: where for what, where in named.items() if what.lower() not in OBJECT_BN}
    assert missing == {}, "add the Bangla name to OBJECT_BN in vextrus/platform/errors.py"


def test_a_computed_object_name_is_one_reviewed():
    _, computed = _calls()
    assert computed <= set(COMPUTED), "a NotFound whose object is computed: give it a Bangla name, then list it here"


def test_organization_units_have_bangla_names():
    from vextrus.modules.organization.tables import Branch, Department

    for model in (Branch, Department):
        assert model.__tablename__.removeprefix("organization_").replace("_", " ") in OBJECT_BN


def test_the_bangla_message_names_the_object_in_bangla():
    for what in ("opportunity", "payroll run", "store", "purchase order"):
        err = NotFound(what, "X-1")
        assert err.message_bn == f"{OBJECT_BN[what]} 'X-1' পাওয়া যায়নি" and what not in err.message_bn
