"""Sales by project as a CSV file (issue 19's "sales by project", exported): one row per project — its code and
name (projects'), units by status, units, live bookings, booked value, received, outstanding — and a total row;
headings in English or Bangla. UTF-8 with a byte-order mark (Excel opens Bangla right), amounts as plain
decimals; a text cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from vextrus.platform import clock, context

from .collections import UNIT_STATUSES, sales_by_project

STATUS = {"available": ("Available", "খালি"), "held": ("Held", "সংরক্ষিত"), "booked": ("Booked", "বুকড"),
          "sold": ("Sold", "বিক্রীত"), "handed_over": ("Handed over", "হস্তান্তরিত"), "cancelled": ("Cancelled", "বাতিল")}
HEAD = [("Project code", "প্রকল্প কোড"), ("Project", "প্রকল্প"), *(STATUS[s] for s in UNIT_STATUSES),
        ("Units", "ইউনিট"), ("Bookings", "বুকিং"), ("Booked value", "বুকিং মূল্য"), ("Received", "প্রাপ্ত"),
        ("Outstanding", "বাকি")]


def _cell(v: object) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    text = str(v)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def sales_by_project_csv(lang: str = "en") -> tuple[str, bytes]:
    """(file name, the CSV) of sales by project in the active company (`sales.collections.view`)."""
    from vextrus.modules.projects import api as projects

    from .. import MODULE
    from .documents import check_lang

    check_lang(lang)
    report = sales_by_project()
    bn = lang == "bn"
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([b if bn else e for e, b in HEAD])
    for r in report.projects:
        with context.calling_as(MODULE):
            p = projects.get_project(r.project_id)
        name = ((p.name_bn or p.name) if bn else p.name) if p else ""
        w.writerow([_cell(x) for x in (p.code if p else str(r.project_id), name, *(r.units[s] for s in UNIT_STATUSES),
                                       r.units_total, r.bookings, r.booked_value, r.received, r.outstanding)])
    w.writerow([_cell(x) for x in ("", "মোট" if bn else "Total", *(report.units[s] for s in UNIT_STATUSES),
                                   sum(report.units.values()), sum(r.bookings for r in report.projects),
                                   report.booked_value, report.received, report.outstanding)])
    return f"sales-by-project-{clock.today().isoformat()}-{lang}.csv", ("\ufeff" + out.getvalue()).encode("utf-8")
