"""Primavera P6 XER import/export and Microsoft Project MSPDI import.

An import is one command, so one transaction: any error (malformed file, unknown predecessor,
duplicate project code) leaves nothing behind. What was read but could not be used is listed
in the report by table and row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.errors import Conflict
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command, unit_of_work

from . import repository as repo
from .domain.mspdi import load_mspdi
from .domain.network import Network, ScheduleOptions
from .domain.xer import network_to_xer, xer_to_project
from .domain.xer_format import XerDocument, read_xer, write_xer
from .events import ProjectImported
from .service import ensure_company_calendars, find_project
from .tables import ActivityCode, Assignment, Project, Resource, Wbs


class Skipped(BaseModel):
    table: str
    line: int | None = None
    reason: str


class ImportReport(BaseModel):
    format: str
    projects: list[str]
    project_ids: list[UUID]
    activities: int = 0
    relationships: int = 0
    calendars: int = 0
    wbs: int = 0
    resources: int = 0
    assignments: int = 0
    activity_codes: int = 0
    skipped: list[Skipped] = []


def _table_of(warning: str) -> str:
    w = warning.lower()
    if w.startswith("unknown table"):
        return warning.split()[2]
    if w.startswith("external relationship") or "relationship" in w:
        return "TASKPRED"
    if w.startswith("task"):
        return "TASK"
    if "calendar" in w:
        return "CALENDAR"
    return "PROJECT"


def _dec(v: str) -> Decimal:
    try:
        return Decimal(v.strip() or "0")
    except InvalidOperation:
        return Decimal(0)


def _new_project(uow: UnitOfWork, code: str, name: str, net: Network, opts: ScheduleOptions, source: str,
                 source_ref: str | None) -> Project:
    code = (code or "IMPORTED")[:40]
    if uow.session.execute(select(Project.id).where(Project.code == code)).first():
        raise Conflict("project_exists", f"A project with code {code} already exists; nothing was imported",
                       f"{code} কোডের প্রকল্প আগে থেকেই আছে; কিছুই ইমপোর্ট হয়নি", field="code")
    ensure_company_calendars(uow)
    p = Project(code=code, name=name or code, contract_value=Decimal(0), currency="BDT", status="active",
                data_date=opts.data_date, schedule_options=repo.options_to_json(opts), source=source,
                source_ref=source_ref, version=1, start_date=opts.data_date.date())
    uow.session.add(p)
    uow.session.flush()
    return p


@command("projects.project.import", scope="projects.import_xer")
def import_xer(uow: UnitOfWork, data: bytes) -> ImportReport:
    """Import every project of an XER file (calendars, WBS, activities, logic, resources,
    assignments, activity codes, scheduling options)."""
    doc = read_xer(data)
    tid = context.current().tenant_id
    report = ImportReport(format="xer", projects=[], project_ids=[])
    report.skipped += [Skipped(table=_table_of(w), reason=w) for w in doc.warnings]
    proj_t = doc.table("PROJECT")
    for prow in (proj_t.rows if proj_t else [{}]):
        xp = xer_to_project(doc, prow.get("proj_id") or None)
        pid = xp.proj_id
        p = _new_project(uow, xp.short_name or f"P6-{pid}", prow.get("proj_short_name", ""), xp.network, xp.options,
                         "xer", pid)
        names = {r["wbs_id"]: (r.get("wbs_short_name") or r["wbs_id"], r.get("wbs_name") or r.get("wbs_short_name", ""))
                 for r in (doc.table("PROJWBS").rows if doc.table("PROJWBS") else []) if r.get("proj_id") == pid}
        rows = repo.insert_network(uow.session, tid, p.id, xp.network, wbs_names=names, source_refs=xp.task_ids)
        cal_map = rows.calendar_ids
        proj_cal = xp.network.default_calendar_id
        p.default_calendar_id = cal_map.get(proj_cal)
        report.skipped += [Skipped(table=_table_of(w), reason=w) for w in xp.warnings if w not in doc.warnings]
        by_task = {tid_: code for code, tid_ in xp.task_ids.items()}
        res_ids: dict[str, UUID] = {}
        res_rows = []
        for r in (doc.table("RSRC").rows if doc.table("RSRC") else []):
            rid = r.get("rsrc_id", "")
            res_ids[rid] = new_id()
            res_rows.append({"id": res_ids[rid], "tenant_id": tid, "project_id": p.id,
                             "code": (r.get("rsrc_short_name") or rid)[:80], "name": r.get("rsrc_name", "")[:200],
                             "kind": {"RT_Labor": "labor", "RT_Equip": "equipment", "RT_Mat": "material"}
                             .get(r.get("rsrc_type", ""), "labor"), "unit": "h", "rate": Decimal(0),
                             "source_ref": rid})
        repo.bulk_insert(uow.session, Resource, res_rows)
        asg_rows = []
        tr = doc.table("TASKRSRC")
        for r, line in zip(tr.rows, tr.lines, strict=True) if tr else []:
            code = by_task.get(r.get("task_id", ""))
            if code is None:
                continue  # another project's assignment
            rid = res_ids.get(r.get("rsrc_id", ""))
            if rid is None:
                report.skipped.append(Skipped(table="TASKRSRC", line=line,
                                              reason=f"assignment to unknown resource {r.get('rsrc_id')}"))
                continue
            asg_rows.append({"id": new_id(), "tenant_id": tid, "activity_id": rows.activity_ids[code],
                             "resource_id": rid, "budget_qty": _dec(r.get("target_qty", "")).quantize(Decimal("0.0001")),
                             "actual_qty": _dec(r.get("act_reg_qty", "")).quantize(Decimal("0.0001")),
                             "budget_cost": _dec(r.get("target_cost", "")).quantize(Decimal("0.01"))})
        repo.bulk_insert(uow.session, Assignment, asg_rows)
        code_rows = [{"id": new_id(), "tenant_id": tid, "activity_id": rows.activity_ids[code],
                      "code_type": t[:80], "value": v[:120]}
                     for code, vals in xp.activity_codes.items() for t, v in vals.items()]
        repo.bulk_insert(uow.session, ActivityCode, code_rows)
        report.projects.append(p.code)
        report.project_ids.append(p.id)
        report.activities += len(xp.network.activities)
        report.relationships += len(xp.network.relationships)
        report.calendars += len(xp.network.calendars)
        report.wbs += len(names)
        report.resources += len(res_rows)
        report.assignments += len(asg_rows)
        report.activity_codes += len(code_rows)
        uow.emit(ProjectImported(project_id=str(p.id), code=p.code, format="xer",
                                 activities=len(xp.network.activities),
                                 relationships=len(xp.network.relationships), skipped=len(report.skipped)))
    return report


@command("projects.project.import", scope="projects.import_mspdi")
def import_mspdi(uow: UnitOfWork, data: bytes, code: str | None = None) -> ImportReport:
    mp = load_mspdi(data)
    tid = context.current().tenant_id
    net = mp.network
    p = _new_project(uow, code or net.name or "MSP", net.name or code or "", net, mp.options, "mspdi", None)
    rows = repo.insert_network(uow.session, tid, p.id, net, source_refs=mp.uids)
    p.default_calendar_id = rows.calendar_ids.get(net.default_calendar_id)
    uow.emit(ProjectImported(project_id=str(p.id), code=p.code, format="mspdi", activities=len(net.activities),
                             relationships=len(net.relationships), skipped=len(mp.warnings)))
    return ImportReport(format="mspdi", projects=[p.code], project_ids=[p.id], activities=len(net.activities),
                        relationships=len(net.relationships), calendars=len(net.calendars), wbs=len(net.wbs_parent),
                        skipped=[Skipped(table="Task", reason=w) for w in mp.warnings])


def import_file(data: bytes, filename: str, code: str | None = None) -> ImportReport:
    """Pick the importer by content: XER starts with ERMHDR, MSPDI is XML."""
    head = data[:200].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<") or filename.lower().endswith(".xml"):
        return import_mspdi(data, code)
    return import_xer(data)


def export_xer(project: UUID | str) -> bytes:
    """The project's calendars, WBS, activities (with progress and constraints), logic and options."""
    context.current().require("projects.project.import")
    with unit_of_work() as uow:
        p = find_project(uow, project)
        loaded = repo.load_network(uow.session, p)
        doc: XerDocument = network_to_xer(loaded.network, loaded.options, p.source_ref or "1", short_name=p.code)
        wbs = {str(w.id): w for w in uow.session.execute(select(Wbs).where(Wbs.project_id == p.id)).scalars()}
        for r in doc.tables["PROJWBS"].rows:
            w = wbs.get(r["wbs_id"])
            if w is not None:
                r["wbs_short_name"] = w.code
        return write_xer(doc).encode("cp1252", "replace")
