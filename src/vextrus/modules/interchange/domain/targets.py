"""The import/export target registry: each target is declared by the module that owns the data.

    register_target(ImportTarget(
        name="master_data.parties", title="Parties", title_bn="পার্টি", permission="master_data.party.import",
        fields=(Field("code", "Code", "কোড"), Field("legal_name", "Legal name", "আইনি নাম", required=True), ...),
        check_rows=check, commit_rows=commit, export_rows=rows))

The owner keeps its own rules: `check_rows(rows, progress)` validates rows already read and mapped
(`(row number, {field: text})`) and answers the problems of the rows it refuses; `commit_rows(rows,
progress)` writes them all or nothing (checking its permission and the rows once more) and answers
what it created, or raises. Interchange does the reading, mapping, dry run, commit mode and result
files; it never learns a target's rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.row_problems import RowProblem

Rows = list[tuple[int, dict[str, str]]]
Progress = Callable[[str, int, int], None]
RowsFn = Callable[[Mapping[str, str]], Iterable[Mapping[str, Any]]]
FieldType = Literal["text", "number", "int", "date", "list", "money"]
NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    label_bn: str
    required: bool = False
    type: FieldType = "text"
    aliases: tuple[str, ...] = ()  # other headers people write for it ("e-TIN", "TIN number")


@dataclass(frozen=True)
class ExportColumn:
    key: str
    title: str
    title_bn: str
    kind: Literal["text", "money", "number", "int", "date"] = "text"


@dataclass(frozen=True)
class ImportTarget:
    name: str  # "<module>.<list>", e.g. "master_data.parties"
    title: str
    title_bn: str
    fields: tuple[Field, ...] = ()
    permission: str = ""  # the owner's permission to import (its commit checks it again)
    check_rows: Callable[[Rows, Progress | None], list[RowProblem]] | None = None
    commit_rows: Callable[[Rows, Progress | None], list[str]] | None = None
    export_columns: tuple[ExportColumn, ...] = ()
    export_rows: RowsFn | None = None  # filters -> rows (dicts by column key), in the owner's rights
    export_filters: tuple[str, ...] = ()  # the filter names export_rows understands (the list page's)
    export_permission: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def module(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def importable(self) -> bool:
        return self.check_rows is not None and self.commit_rows is not None

    @property
    def exportable(self) -> bool:
        return self.export_rows is not None and bool(self.export_columns)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def title_in(self, lang: str) -> str:
        return self.title_bn if lang == "bn" and self.title_bn else self.title


_registry: dict[str, ImportTarget] = {}


def register_target(t: ImportTarget) -> ImportTarget:
    """Declare (or re-declare, idempotently) a target; its name is `<module>.<list>`."""
    if not NAME.match(t.name):
        raise ValueError(f"an import target is named '<module>.<list>' in lower case, not {t.name!r}")
    names = [f.name for f in t.fields]
    if len(set(names)) != len(names):
        raise ValueError(f"target {t.name}: field names repeat")
    if t.importable and not t.permission:
        raise ValueError(f"target {t.name}: an importable target names its owner's permission")
    _registry[t.name] = t
    return t


def get_target(name: str) -> ImportTarget:
    found = _registry.get(name)
    if found is None:
        raise ValidationFailed("interchange.target_unknown", f"Nothing can be imported or exported as '{name}'",
                               f"'{name}' হিসেবে কিছু আমদানি বা রপ্তানি করা যায় না", field="target",
                               details={"known": sorted(_registry)})
    return found


def known_targets(kind: Literal["import", "export", "any"] = "any") -> Sequence[ImportTarget]:
    out = sorted(_registry.values(), key=lambda t: t.name)
    if kind == "import":
        return [t for t in out if t.importable]
    if kind == "export":
        return [t for t in out if t.exportable]
    return out
