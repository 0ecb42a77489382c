"""`vextrus projects ...`: import P6 XER / MSPDI, schedule, export, list activity dates.

Runs against the configured database (VEXTRUS_DATABASE_URL) as a trusted system context for one
company: `--tenant CODE`, or the only company, or the demo company "padma".
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(help="Projects: P6 XER / MSPDI interchange and CPM scheduling", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)  # an error line names a path: never broken at the terminal width

TENANT_HELP = "Company code (default: the only company, else the demo company 'padma')"


def _run(tenant: str | None, fn, actor: str = "cli-projects"):  # noqa: ANN001, ANN202
    """Run `fn` as the system for the chosen company; domain errors become one line and exit 1."""
    from vextrus.platform import runtime
    from vextrus.platform.cli_support import acting_for_tenant
    from vextrus.platform.errors import DomainError

    try:
        with acting_for_tenant(tenant, actor=actor):
            out = fn()
    except DomainError as exc:
        where = f" [{exc.field}]" if exc.field else ""
        err.print(f"error {exc.code}{where}: {exc.message}", markup=False)
        raise typer.Exit(1) from None
    finally:
        runtime.current().relay.drain()
    return out


@app.command("import")
def import_cmd(file: Path = typer.Argument(..., exists=True, readable=True, help="FILE.xer or FILE.xml (MSPDI)"),
               tenant: str | None = typer.Option(None, "--tenant", help=TENANT_HELP),
               code: str | None = typer.Option(None, "--code", help="Project code for an MSPDI file")) -> None:
    """Import a whole file in one transaction: any error -> nothing imported (exit 1)."""
    from .interchange import import_file

    report = _run(tenant, lambda: import_file(file.read_bytes(), file.name, code))
    print(f"imported {', '.join(report.projects)}: {report.activities} activities, "
          f"{report.relationships} relationships, {report.calendars} calendars, {report.wbs} WBS, "
          f"{report.resources} resources, {report.assignments} assignments, {report.activity_codes} activity codes")
    for s in report.skipped:  # read differently or left out: table and line of the file
        where = " ".join(x for x in (s.table, f"line {s.line}" if s.line else "") if x) or "file"
        print(f"warning: {where}: {s.reason}")


@app.command("schedule")
def schedule_cmd(project: str = typer.Argument(..., help="Project code (or P6 proj_short_name)"),
                 data_date: datetime | None = typer.Option(None, "--data-date", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M",
                                                                                       "%Y-%m-%d %H:%M"]),
                 tenant: str | None = typer.Option(None, "--tenant", help=TENANT_HELP)) -> None:
    """Run the CPM from the data date and store the dates; prints the finish and network issues."""
    from . import service

    s = _run(tenant, lambda: service.schedule_project(project, data_date))
    if s.scheduled:
        print(f"{project}: data date {s.data_date:%Y-%m-%d %H:%M}, finish {s.project_finish:%Y-%m-%d %H:%M}, "
              f"{len(s.critical_path)} critical activities ({s.millis} ms)")
    for i in s.issues:
        print(f"{i.kind}: {i.message}")
    raise typer.Exit(0 if s.scheduled else 1)


@app.command("export")
def export_cmd(project: str = typer.Argument(...),
               format: str = typer.Option("xer", "--format", help="xer"),
               output: Path | None = typer.Option(None, "--output", "-o", help="File (default: standard output)"),
               tenant: str | None = typer.Option(None, "--tenant", help=TENANT_HELP)) -> None:
    """Export a project as a P6 XER file."""
    from .interchange import export_xer

    if format != "xer":
        err.print("only --format xer is supported", markup=False)
        raise typer.Exit(2)
    data = _run(tenant, lambda: export_xer(project))
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


FIELDS = ["code", "name", "early_start", "early_finish", "late_start", "late_finish", "total_float_hours",
          "free_float_hours", "critical"]


def activity_rows(project: str) -> list[dict]:
    from . import service

    out = []
    for a in service.list_activities(project):
        out.append({"code": a.code, "name": a.name,
                    **{k: getattr(a, k).strftime("%Y-%m-%dT%H:%M") if getattr(a, k) else None
                       for k in ("early_start", "early_finish", "late_start", "late_finish")},
                    "total_float_hours": a.total_float_hours, "free_float_hours": a.free_float_hours,
                    "critical": a.critical})
    return out


@app.command("activities")
def activities_cmd(project: str = typer.Argument(...),
                   format: str = typer.Option("csv", "--format", help="csv or json"),
                   tenant: str | None = typer.Option(None, "--tenant", help=TENANT_HELP)) -> None:
    """Each activity's early/late start and finish, total and free float (hours), critical."""
    if format not in ("csv", "json"):
        err.print("--format must be csv or json", markup=False)
        raise typer.Exit(2)
    rows = _run(tenant, lambda: activity_rows(project))
    if format == "json":
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    print(buf.getvalue(), end="")
