"""Primavera P6 XER import/export and Microsoft Project MSPDI import.

An import is one command, so one transaction: any error (malformed file, unknown predecessor,
duplicate project code) leaves nothing behind. What was read but could not be used is listed
in the report by table and row.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.db import Amount
from vextrus.platform.errors import Conflict, DomainError, ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.ids import new_id
from vextrus.platform.uow import UnitOfWork, command, query

from . import repository as repo
from .domain.cpm import schedule
from .domain.mspdi import load_mspdi
from .domain.network import Network, ScheduleError, ScheduleOptions
from .domain.xer import network_to_xer, unique_code, xer_to_project
from .domain.xer_format import XerDocument, XerError, encode_xer, read_xer, write_xer
from .domain.xer_resources import XerAssignment, XerExtras, XerResource, dec, read_resources
from .events import ProjectImported
from .schemas import ImportReport, Skipped
from .service.calendars import ensure_company_calendars
from .service.lookups import find_project, project_company
from .tables import ActivityCode, Assignment, Project, Resource, Wbs


def _skipped(notes: list[str]) -> list[Skipped]:
    return [Skipped(table=getattr(w, "table", None) or "", line=getattr(w, "line", None), reason=str(w),
                    reason_bn=getattr(w, "bn", "")) for w in notes]


_dec = dec


def _amount(v: Decimal, scale: int, table: str, line: int | None, field: str, report: ImportReport) -> Decimal:
    """``v`` rounded to the column's scale; a value no column can hold is read as 0, with a warning."""
    col = Amount(scale)
    q = v.quantize(Decimal(1).scaleb(-scale)) if v.is_finite() and abs(v) < col.limit else None
    if q is None or abs(q) >= col.limit:
        report.skipped.append(Skipped(table=table, line=line, reason=f"{field} {v} is out of range: read as 0",
                                      reason_bn=f"একটি অঙ্ক ({to_bangla_digits(str(v))}) সীমার বাইরে: ০ ধরা হয়েছে"))
        return Decimal(0)
    return q


def _new_project(uow: UnitOfWork, code: str, name: str, net: Network, opts: ScheduleOptions, source: str,
                 source_ref: str | None) -> Project:
    code = (code or "IMPORTED")[:40]
    if uow.session.execute(select(Project.id).where(Project.code == code)).first():
        raise Conflict("project_exists", f"A project with code {code} already exists; nothing was imported",
                       f"{code} কোডের প্রকল্প আগে থেকেই আছে; কিছুই ইমপোর্ট হয়নি", field="code")
    ensure_company_calendars(uow)
    # P6 and MS Project have no Bangla name: it stays empty until someone sets it
    p = Project(code=code, name=name or code, name_bn="", company_id=project_company(), contract_value=Decimal(0),
                currency="BDT",
                status="active", data_date=opts.data_date, schedule_options=repo.options_to_json(opts),
                source=source, source_ref=source_ref, version=1,
                start_date=(opts.planned_start or opts.data_date).date(),
                must_finish_by=opts.must_finish_by)
    uow.session.add(p)
    uow.session.flush()
    return p


@command("projects.project.import", scope="projects.import_xer")
def import_xer(uow: UnitOfWork, data: bytes, code: str | None = None) -> ImportReport:
    """Import every project of an XER file (calendars, WBS, activities, logic, resources,
    assignments, activity codes, scheduling options); ``code`` renames a single project."""
    doc = read_xer(data)
    n_projects = len(doc.table("PROJECT").rows) if doc.table("PROJECT") else 0
    if code and n_projects > 1:
        raise ValidationFailed("xer_code", "A code can only be given for a file with one project",
                               "একটি প্রকল্পের ফাইলেই কেবল কোড দেওয়া যায়", field="code")
    resources = read_resources(doc)
    tid = context.current().tenant_id
    report = ImportReport(format="xer", projects=[], project_ids=[])
    report.skipped += _skipped(doc.warnings)
    proj_t = doc.table("PROJECT")
    for prow in (proj_t.rows if proj_t else [{}]):
        xp = xer_to_project(doc, prow.get("proj_id") or None)
        pid = xp.proj_id
        wbs_t = doc.table("PROJWBS")
        title = next((r.get("wbs_name", "") for r in (wbs_t.rows if wbs_t else [])
                      if r.get("proj_id") == pid and r.get("proj_node_flag") == "Y"), "")  # P6's project name
        p = _new_project(uow, code or xp.short_name or f"P6-{pid}", (title or prow.get("proj_short_name", ""))[:200],
                         xp.network, xp.options, "xer", pid)
        names = xp.wbs_names
        rows = repo.insert_network(uow.session, tid, p.id, xp.network, wbs_names=names, source_refs=xp.task_ids,
                                   wbs_refs={w: w for w in names})
        cal_map = rows.calendar_ids
        proj_cal = xp.network.default_calendar_id
        p.default_calendar_id = cal_map.get(proj_cal)
        report.skipped += _skipped([w for w in xp.warnings if w not in doc.warnings])
        by_task = {tid_: code for code, tid_ in xp.task_ids.items()}
        res_ids: dict[str, UUID] = {}
        res_rows = []
        res_codes: set[str] = set()
        for r in resources:
            res_ids[r.ref] = new_id()
            rcode = unique_code(r.code, res_codes, r.ref)
            if rcode != r.code:
                stored_code = rcode
                report.skipped.append(Skipped(table="RSRC", line=r.line,
                                              reason=f"resource code {r.code} repeats or is too long: "
                                                     f"stored as {rcode}",
                                              reason_bn=f"রিসোর্স কোড {r.code} পুনরাবৃত্ত বা বেশি লম্বা: "
                                                        f"{stored_code} হিসেবে রাখা হয়েছে"))
            res_rows.append({"id": res_ids[r.ref], "tenant_id": tid, "project_id": p.id, "code": rcode,
                             "name": r.name[:200], "kind": r.kind, "unit": r.unit[:20],
                             "rate": _amount(r.rate, 2, "RSRC", r.line, "cost_per_qty", report),
                             "source_ref": r.ref[:80]})
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
                                              reason=f"assignment to unknown resource {r.get('rsrc_id')}",
                                              reason_bn=to_bangla_digits(f"অজানা রিসোর্স {r.get('rsrc_id')}-এর বরাদ্দ বাদ")))
                continue
            asg_rows.append({"id": new_id(), "tenant_id": tid, "activity_id": rows.activity_ids[code],
                             "resource_id": rid,
                             **{col: _amount(_dec(r.get(f, "")), scale, "TASKRSRC", line, f, report)
                                for col, f, scale in (("budget_qty", "target_qty", 4), ("actual_qty", "act_reg_qty", 4),
                                                      ("budget_cost", "target_cost", 2))}})
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
                        skipped=_skipped(mp.warnings))


def import_file(data: bytes, filename: str, code: str | None = None,
                idempotency_key: str | None = None) -> ImportReport:
    """Pick the importer by content: MSPDI is XML, anything else is read as XER. A refusal is one
    DomainError naming the file (and the table, line and field), with nothing imported; the same
    idempotency key gives the first report again."""
    head = data[:200].lstrip(b"\xef\xbb\xbf").lstrip()
    try:
        if head.startswith(b"<") or filename.lower().endswith(".xml"):
            return import_mspdi(data, code, idempotency_key=idempotency_key)
        return import_xer(data, code, idempotency_key=idempotency_key)
    except XerError as exc:
        raise exc.in_file(filename) from None
    except DomainError as exc:
        if filename and "file" not in exc.details:
            exc.message, exc.message_bn = f"{filename}: {exc.message}", f"{filename}: {exc.message_bn}"
            exc.details = {**exc.details, "file": filename}
            exc.args = (exc.message,)
        raise


@query("projects.project.import")
def export_xer(uow: UnitOfWork, project: UUID | str) -> bytes:
    """Everything an import brings in: calendars, options (with must-finish-by), WBS, activities (with
    progress, constraints, expected finish), logic, resources (unit, rate), assignments, activity codes."""
    p = find_project(uow, project)
    loaded = repo.load_network(uow.session, p)
    proj_id = p.source_ref if (p.source_ref or "").isdigit() else "1"  # P6 ids are integers
    try:  # P6 files carry each activity's dates; MPXJ needs them for activities in progress
        result = schedule(loaded.network, loaded.options)
    except ScheduleError:
        result = None  # a network error (a loop): exported without dates
    doc: XerDocument = network_to_xer(loaded.network, loaded.options, proj_id, short_name=p.code,
                                      extras=_extras(uow, p.id, loaded.code_of), result=result)
    return encode_xer(write_xer(doc))


def _extras(uow: UnitOfWork, project_id: UUID, code_of: dict[UUID, str]) -> XerExtras:
    s = uow.session
    rows = {w.id: w for w in s.execute(select(Wbs).where(Wbs.project_id == project_id)).scalars()}
    wbs, kids = {}, {}
    for w in rows.values():  # the code is the P6 path: P6 wants each short name below its parent
        above = rows[w.parent_id].code + "." if w.parent_id in rows else ""
        wbs[str(w.id)] = (w.code[len(above):] if above and w.code.startswith(above) else w.code, w.name)
        if above:
            kids.setdefault(w.parent_id, []).append(w.code.startswith(above))
    # P6's project node is the root its children's paths leave out
    nodes = {str(w) for w, under in kids.items() if rows[w].parent_id is None and not any(under)}
    res = list(s.execute(select(Resource).where(Resource.project_id == project_id).order_by(Resource.code)).scalars())
    res_code = {r.id: r.code for r in res}
    asg = s.execute(select(Assignment).where(Assignment.resource_id.in_(list(res_code)))
                    .order_by(Assignment.id)).scalars() if res else []
    codes: dict[str, dict[str, str]] = {}
    for c in s.execute(select(ActivityCode).where(ActivityCode.activity_id.in_(list(code_of)))
                       .order_by(ActivityCode.code_type)).scalars():
        codes.setdefault(code_of[c.activity_id], {})[c.code_type] = c.value
    return XerExtras(
        resources=[XerResource(r.code, r.name, r.kind, r.unit, r.rate, str(r.id)) for r in res],
        assignments=[XerAssignment(code_of[a.activity_id], res_code[a.resource_id], a.budget_qty, a.actual_qty,
                                   a.budget_cost) for a in asg if a.activity_id in code_of],
        activity_codes=codes, wbs_names=wbs, wbs_project_nodes=nodes)
