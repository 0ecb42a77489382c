"""Column mapping: which column of the user's file fills which field of the target.

`auto_mapping` proposes one by header similarity: a header is compared, after normalising (case,
spaces, underscores and punctuation; Bangla kept as written), with each field's name, English label,
Bangla label and aliases; equal is best, then one containing the other, then difflib's ratio of at
least 0.8. Each field takes at most one column (best pairs first). A user's saved mapping for the
target is applied first, for the headers it knows. `check_mapping` refuses in words a mapping that
leaves a required field without a column, maps two columns to one field or names an unknown field."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.row_problems import RowProblem, problem

from .targets import ImportTarget

_SEP = re.compile(r"[\s_\-./:()\[\]#*]+")
THRESHOLD = 0.8


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFC", header).strip().casefold()
    return _SEP.sub(" ", text).strip()


def _score(header: str, candidates: Sequence[str]) -> float:
    h = normalise(header)
    if not h:
        return 0.0
    best = 0.0
    for c in candidates:
        n = normalise(c)
        if not n:
            continue
        if h == n or h.replace(" ", "") == n.replace(" ", ""):
            return 1.0
        if len(n) >= 3 and len(h) >= 3 and (n in h or h in n):
            best = max(best, 0.9)
        else:
            best = max(best, difflib.SequenceMatcher(None, h, n).ratio())
    return best


def auto_mapping(header: Sequence[str], target: ImportTarget, saved: Mapping[str, str] | None = None) \
        -> dict[str, str]:
    """{file header: field name} for the headers recognised; a saved mapping wins where it applies."""
    out: dict[str, str] = {}
    used: set[str] = set()
    names = {f.name for f in target.fields}
    for h in header:
        f = (saved or {}).get(h)
        if h and f in names and f not in used:
            out[h] = f
            used.add(f)
    pairs = []
    for h in header:
        if not h or h in out:
            continue
        for f in target.fields:
            if f.name in used:
                continue
            s = _score(h, (f.name, f.label, f.label_bn, *f.aliases))
            if s >= THRESHOLD:
                pairs.append((-s, header.index(h), f.name, h))
    for _s, _i, name, h in sorted(pairs):
        if h in out or name in used:
            continue
        out[h] = name
        used.add(name)
    return out


def check_mapping(header: Sequence[str], mapping: Mapping[str, str], target: ImportTarget) -> dict[str, str]:
    """The mapping kept to the file's headers, or a refusal naming what is wrong (in both languages)."""
    clean = {h: f for h, f in mapping.items() if f}
    for h, f in clean.items():
        shown, value = h, f  # the file's column and the mapping's field, as given
        if h not in header:
            raise ValidationFailed("interchange.mapping_unknown_column", f"The file has no column “{h}”",
                                   f"ফাইলে “{shown}” নামে কোনো কলাম নেই", field=f"mapping.{h}")
        if target.field(f) is None:
            raise ValidationFailed("interchange.mapping_unknown_field",
                                   f"“{f}” is not a field of {target.title}",
                                   f"“{value}” {target.title_bn} এর কোনো ঘর নয়", field=f"mapping.{h}")
    seen: dict[str, str] = {}
    for h, f in clean.items():
        if f in seen:
            fl = target.field(f)
            raw, shown = seen[f], h  # the file's two columns, as named there
            label_bn = fl.label_bn if fl else "একই ঘর"
            raise ValidationFailed(
                "interchange.mapping_twice", f"Columns “{seen[f]}” and “{h}” both fill “{fl.label if fl else f}”",
                f"“{raw}” ও “{shown}” দুটি কলামই “{label_bn}” পূরণ করছে", field=f"mapping.{h}")
        seen[f] = h
    missing = [f for f in target.fields if f.required and f.name not in seen]
    if missing:
        raise ValidationFailed(
            "interchange.mapping_required_missing",
            "No column fills the required field(s): " + ", ".join(f.label for f in missing),
            "এই আবশ্যক ঘর(গুলো) পূরণ করার মতো কোনো কলাম নেই: " + ", ".join(f.label_bn for f in missing),
            field="mapping", details={"missing": [f.name for f in missing]})
    return clean


def apply_mapping(header: Sequence[str], rows: Sequence[tuple[int, list[str]]], mapping: Mapping[str, str],
                  target: ImportTarget) -> tuple[list[tuple[int, dict[str, str]]], list[RowProblem], dict[int, int]]:
    """Rows as (row number, {field: text}), the problems found here (a required field left empty, more
    cells than columns) and {row number: line}. Row 1 is the first data row."""
    index = [(i, mapping[h]) for i, h in enumerate(header) if mapping.get(h)]
    column_of = {f: h for h, f in mapping.items() if f}
    required = [f for f in target.fields if f.required]
    out: list[tuple[int, dict[str, str]]] = []
    problems: list[RowProblem] = []
    lines: dict[int, int] = {}
    width = len(header)
    for n, (line, cells) in enumerate(rows, start=1):
        lines[n] = line
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(problem(n, "interchange.extra_cells",
                                    f"{len(cells)} cells but {width} columns (a stray comma?)",
                                    to_bangla_digits(f"{len(cells)}টি ঘর কিন্তু {width}টি কলাম (বাড়তি কমা?)"), line=line))
            continue
        values = {f: (cells[i].strip() if i < len(cells) else "") for i, f in index}
        empty = [f for f in required if not values.get(f.name)]
        if empty:
            f = empty[0]
            col = shown = column_of.get(f.name)  # the file's column, as named there
            problems.append(problem(n, "interchange.required_empty", f"“{col}” ({f.label}) is required",
                                    f"“{shown}” ({f.label_bn}) আবশ্যক", field=f.name, column=col, line=line))
            continue
        out.append((n, values))
    return out, problems, lines
