"""XER resources, assignments and activity codes, both directions.

P6 keeps a resource's unit in ``UMEASURE`` (via ``RSRC.unit_id``) and its price in ``RSRCRATE``
(``cost_per_qty`` by ``start_date``); some tools write ``RSRC.cost_per_qty`` directly. Activity
codes are three tables: ``ACTVTYPE`` (the code type), ``ACTVCODE`` (its values) and ``TASKACTV``
(which activity carries which value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .xer_format import XerDocument, XerTable

KINDS = {"RT_Labor": "labor", "RT_Equip": "equipment", "RT_Mat": "material"}
_KINDS_OUT = {v: k for k, v in KINDS.items()}


@dataclass
class XerResource:
    code: str
    name: str = ""
    kind: str = "labor"
    unit: str = "h"
    rate: Decimal = Decimal(0)
    ref: str = ""  # rsrc_id in the file
    line: int | None = None  # its RSRC line in the file


@dataclass
class XerAssignment:
    activity_code: str
    resource_code: str
    budget_qty: Decimal = Decimal(0)
    actual_qty: Decimal = Decimal(0)
    budget_cost: Decimal = Decimal(0)


@dataclass
class XerExtras:
    """What a project carries besides its network, for export."""

    resources: list[XerResource] = field(default_factory=list)
    assignments: list[XerAssignment] = field(default_factory=list)
    activity_codes: dict[str, dict[str, str]] = field(default_factory=dict)  # activity -> {type: value}
    wbs_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # wbs id -> (short name, name)
    wbs_project_nodes: set[str] = field(default_factory=set)  # WBS ids that were P6's project node


def dec(v: str | None) -> Decimal:
    """A number field; empty, malformed, NaN or infinite reads as 0."""
    try:
        d = Decimal((v or "").strip() or "0")
    except InvalidOperation:
        return Decimal(0)
    return d if d.is_finite() else Decimal(0)


def _rows(doc: XerDocument, name: str) -> list[dict[str, str]]:
    t = doc.table(name)
    return t.rows if t is not None else []


def read_resources(doc: XerDocument) -> list[XerResource]:
    """Every RSRC row with its unit (UMEASURE) and latest rate (RSRCRATE, else RSRC.cost_per_qty)."""
    units = {r.get("unit_id", ""): r.get("unit_abbrev") or r.get("unit_name", "") for r in _rows(doc, "UMEASURE")}
    rates: dict[str, tuple[str, Decimal]] = {}
    for r in _rows(doc, "RSRCRATE"):
        rid, start = r.get("rsrc_id", ""), r.get("start_date", "")
        if rid not in rates or start >= rates[rid][0]:
            rates[rid] = (start, dec(r.get("cost_per_qty")))
    out = []
    t = doc.table("RSRC")
    for r, line in zip(t.rows, t.lines, strict=True) if t else []:
        rid = r.get("rsrc_id", "")
        kind = KINDS.get(r.get("rsrc_type", ""), "labor")
        unit = units.get(r.get("unit_id", ""), "") or ("" if kind == "material" else "h")
        rate = rates[rid][1] if rid in rates else dec(r.get("cost_per_qty"))
        out.append(XerResource(code=(r.get("rsrc_short_name") or rid), name=r.get("rsrc_name", ""), kind=kind,
                               unit=unit, rate=rate, ref=rid, line=line))
    return out


def write_extras(tables: dict[str, XerTable], extras: XerExtras, task_ids: dict[str, str], proj_id: str) -> None:
    """Add UMEASURE, RSRC, RSRCRATE, TASKRSRC, ACTVTYPE, ACTVCODE and TASKACTV tables."""
    unit_ids = {u: str(k + 1) for k, u in enumerate(sorted({r.unit for r in extras.resources if r.unit}))}
    t = tables["UMEASURE"] = XerTable("UMEASURE", ["unit_id", "seq_num", "unit_abbrev", "unit_name"])
    for u, uid in unit_ids.items():
        t.add({"unit_id": uid, "seq_num": uid, "unit_abbrev": u, "unit_name": u})
    rsrc_ids = {r.code: str(k + 1) for k, r in enumerate(extras.resources)}
    t = tables["RSRC"] = XerTable("RSRC", ["rsrc_id", "rsrc_short_name", "rsrc_name", "rsrc_type", "unit_id",
                                           "cost_per_qty"])
    rt = tables["RSRCRATE"] = XerTable("RSRCRATE", ["rsrc_rate_id", "rsrc_id", "cost_per_qty", "start_date"])
    for r in extras.resources:
        t.add({"rsrc_id": rsrc_ids[r.code], "rsrc_short_name": r.code, "rsrc_name": r.name,
               "rsrc_type": _KINDS_OUT.get(r.kind, "RT_Labor"), "unit_id": unit_ids.get(r.unit, ""),
               "cost_per_qty": str(r.rate)})
        rt.add({"rsrc_rate_id": rsrc_ids[r.code], "rsrc_id": rsrc_ids[r.code], "cost_per_qty": str(r.rate),
                "start_date": ""})
    t = tables["TASKRSRC"] = XerTable("TASKRSRC", [
        "taskrsrc_id", "task_id", "proj_id", "rsrc_id", "rsrc_type", "target_qty", "act_reg_qty", "remain_qty",
        "target_cost"])
    kinds = {r.code: r.kind for r in extras.resources}
    for k, a in enumerate(extras.assignments):
        t.add({"taskrsrc_id": str(k + 1), "task_id": task_ids[a.activity_code], "proj_id": proj_id,
               "rsrc_id": rsrc_ids[a.resource_code], "rsrc_type": _KINDS_OUT.get(kinds[a.resource_code], "RT_Labor"),
               "target_qty": str(a.budget_qty), "act_reg_qty": str(a.actual_qty),
               "remain_qty": str(max(a.budget_qty - a.actual_qty, Decimal(0))), "target_cost": str(a.budget_cost)})
    type_ids: dict[str, str] = {}
    value_ids: dict[tuple[str, str], str] = {}
    for vals in extras.activity_codes.values():
        for ty, v in vals.items():
            type_ids.setdefault(ty, str(len(type_ids) + 1))
            value_ids.setdefault((ty, v), str(len(value_ids) + 1))
    t = tables["ACTVTYPE"] = XerTable("ACTVTYPE", ["actv_code_type_id", "actv_code_type", "actv_code_type_scope",
                                                   "proj_id", "seq_num"])
    for ty, tid in type_ids.items():
        t.add({"actv_code_type_id": tid, "actv_code_type": ty, "actv_code_type_scope": "AS_Project",
               "proj_id": proj_id, "seq_num": tid})
    t = tables["ACTVCODE"] = XerTable("ACTVCODE", ["actv_code_id", "actv_code_type_id", "short_name",
                                                   "actv_code_name", "seq_num"])
    for (ty, v), vid in value_ids.items():
        t.add({"actv_code_id": vid, "actv_code_type_id": type_ids[ty], "short_name": v, "actv_code_name": v,
               "seq_num": vid})
    t = tables["TASKACTV"] = XerTable("TASKACTV", ["task_id", "actv_code_type_id", "actv_code_id", "proj_id"])
    for code, vals in extras.activity_codes.items():
        for ty, v in vals.items():
            t.add({"task_id": task_ids[code], "actv_code_type_id": type_ids[ty],
                   "actv_code_id": value_ids[(ty, v)], "proj_id": proj_id})
