"""Server-rendered SVG charts (no JavaScript build): the Gantt chart and the EVM S-curve.

Plain strings with every text escaped; hovering a bar shows its dates and floats (<title>).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from html import escape

from vextrus.platform.i18n import format_date, format_number, to_bangla_digits

ZOOM = {"day": 28.0, "week": 8.0, "month": 2.5}  # pixels per calendar day
ROW, LABEL = 20, 260


def _x(t: datetime, origin: datetime, px: float) -> float:
    return LABEL + (t - origin).total_seconds() / 86400 * px


def _start(a) -> datetime:  # noqa: ANN001
    """Where a bar begins: the actual start once work began (P6's early start is then the remaining
    work's start)."""
    return getattr(a, "actual_start", None) or a.early_start


def gantt(activities: list, relationships: list, zoom: str = "week", data_date: datetime | None = None,
          locale: str = "en") -> str:
    """Bars (early dates), critical activities in red, milestones as diamonds, logic lines, data date; month
    names and digits in the page's language (`locale`)."""
    px = ZOOM.get(zoom, ZOOM["week"])
    acts = [a for a in activities if a.early_start and a.early_finish]
    if not acts:
        return f'<p class="muted">{_EMPTY_GANTT[locale == "bn"]}</p>'
    acts.sort(key=lambda a: (_start(a), a.early_finish, a.code))
    origin = datetime.combine(min(_start(a) for a in acts).date(), datetime.min.time()) - timedelta(days=1)
    end = max(max(a.early_finish for a in acts), max((a.late_finish or a.early_finish) for a in acts))
    width = int(_x(end, origin, px)) + 80
    height = (len(acts) + 2) * ROW
    row = {a.code: i for i, a in enumerate(acts)}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" role="img" '
           f'aria-label="Gantt chart">',
           '<defs><marker id="arr" markerWidth="6" markerHeight="6" refX="5" refY="3" orient="auto">'
           '<path d="M0,0 L6,3 L0,6 z" fill="#555"/></marker>'
           f'<clipPath id="gantt-labels"><rect x="0" y="0" width="{LABEL - 6}" height="{height}"/></clipPath></defs>']
    # time scale: a tick per month (and per week when zoomed in)
    t = origin.replace(day=1)
    while t <= end:
        x = _x(t, origin, px)
        if x >= LABEL:
            out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#ddd"/>'
                       f'<text x="{x + 2:.1f}" y="12" fill="#444">{format_date(t.date(), locale, "MMM y")}</text>')
        t = (t + timedelta(days=32)).replace(day=1)
    if zoom == "day":
        t = origin
        while t <= end:
            x = _x(t, origin, px)
            out.append(f'<text x="{x + 2:.1f}" y="{ROW + 8}" fill="#888" font-size="9">{_digits(f"{t:%d}", locale)}</text>')
            t += timedelta(days=1)
    y0 = ROW + 12
    for rel in relationships:
        p, s = row.get(rel.predecessor), row.get(rel.successor)
        if p is None or s is None:
            continue
        a, b = acts[p], acts[s]
        x1 = _x(_start(a) if rel.type in ("SS", "SF") else a.early_finish, origin, px)
        x2 = _x(b.early_finish if rel.type in ("FF", "SF") else _start(b), origin, px)
        y1, y2 = y0 + p * ROW + ROW / 2 - 2, y0 + s * ROW + ROW / 2 - 2
        colour = "#c0392b" if a.critical and b.critical else "#888"
        out.append(f'<polyline class="rel" points="{x1:.1f},{y1:.1f} {x1 + 4:.1f},{y1:.1f} {x1 + 4:.1f},{y2:.1f} '
                   f'{x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" stroke-width="0.8" marker-end="url(#arr)">'
                   f'<title>{escape(rel.predecessor)} → {escape(rel.successor)} {rel.type}'
                   f'{_lag(rel.lag_hours, locale)}</title></polyline>')
    for i, a in enumerate(acts):
        y = y0 + i * ROW
        if i % 2:
            out.append(f'<rect x="0" y="{y - 3}" width="{width}" height="{ROW}" fill="#f7f7f7" opacity="0.6"/>')
        name = getattr(a, "name_bn", "") if locale == "bn" else ""
        label = escape(f"{a.code} {name or a.name}")  # clipped at the label column, not cut mid-word
        out.append(f'<text x="4" y="{y + 10}" fill="#222" clip-path="url(#gantt-labels)">{label}</text>')
        x1, x2 = _x(_start(a), origin, px), _x(a.early_finish, origin, px)
        tip = escape(f"{a.code} {name or a.name}\nES {_when(a.early_start, locale)}  EF {_when(a.early_finish, locale)}\n"
                     f"LS {_when(a.late_start, locale)}  LF {_when(a.late_finish, locale)}\n"
                     f"TF {_h(a.total_float_hours, locale)}  FF {_h(a.free_float_hours, locale)}  "
                     + _digits(f"{a.percent_complete:g}%", locale) + (" সম্পন্ন" if locale == "bn" else " complete")
                     if a.late_start and a.late_finish else f"{a.code} {name or a.name}")
        colour = "#c0392b" if a.critical else "#2e86c1"
        cls = "bar critical" if a.critical else "bar"
        if a.type in ("start_milestone", "finish_milestone") or x2 - x1 < 0.5:
            cx, cy = (x1 if a.type == "start_milestone" else x2), y + 6
            out.append(f'<path class="{cls} milestone" d="M{cx:.1f},{cy - 6} l6,6 l-6,6 l-6,-6 z" fill="{colour}">'
                       f'<title>{tip}</title></path>')
            continue
        out.append(f'<rect class="{cls}" data-code="{escape(a.code)}" x="{x1:.1f}" y="{y}" '
                   f'width="{max(x2 - x1, 1):.1f}" height="12" rx="2" fill="{colour}"><title>{tip}</title></rect>')
        if a.percent_complete:
            done = (x2 - x1) * a.percent_complete / 100
            out.append(f'<rect x="{x1:.1f}" y="{y + 4}" width="{max(done, 1):.1f}" height="4" fill="#1b2631" '
                       f'opacity="0.6"/>')
        if a.total_float_hours and a.total_float_hours > 0 and a.late_finish and a.late_finish > a.early_finish:
            xf = _x(a.late_finish, origin, px)
            out.append(f'<line x1="{x2:.1f}" y1="{y + 6}" x2="{xf:.1f}" y2="{y + 6}" stroke="#aaa" '
                       f'stroke-dasharray="2,2"/>')
    if data_date:
        x = _x(data_date, origin, px)
        out.append(f'<line class="data-date" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#8e44ad" '
                   f'stroke-width="1.5"><title>{"ডেটা তারিখ" if locale == "bn" else "Data date"} {_when(data_date, locale)}</title></line>')
    out.append("</svg>")
    return "".join(out)


_EMPTY_GANTT = ("Schedule the project to see the Gantt chart.", "গ্যান্ট চার্ট দেখতে প্রকল্পের সময়সূচি তৈরি করুন।")
_EMPTY_CURVE = ("Save a baseline with budgets to see the S-curve.", "এস-কার্ভ দেখতে বাজেটসহ একটি বেসলাইন সংরক্ষণ করুন।")


def _digits(text: str, locale: str) -> str:
    return to_bangla_digits(text) if locale == "bn" else text


def _h(v: float | None, locale: str = "en") -> str:
    return "-" if v is None else _digits(f"{v:g}", locale) + (" ঘণ্টা" if locale == "bn" else " h")


def _when(t: datetime, locale: str) -> str:
    return format_date(t, locale, "d MMM y HH:mm")


def _lag(hours: float | None, locale: str) -> str:
    if not hours:
        return ""
    return f" {'বিলম্ব' if locale == 'bn' else 'lag'} {_h(hours, locale)}"


def s_curve(points: list, status_date: datetime, currency: str = "BDT", width: int = 860, height: int = 320,
            locale: str = "en") -> str:
    """Cumulative PV (baseline), EV and AC against time; axis text in the page's language (`locale`)."""
    if not points:
        return f'<p class="muted">{_EMPTY_CURVE[locale == "bn"]}</p>'
    left, bottom, top, right = 90, 30, 12, 20
    t0, t1 = points[0].at, points[-1].at
    span = max((t1 - t0).total_seconds(), 1)
    top_value = max([p.pv for p in points] + [p.ev or 0 for p in points] + [p.ac or 0 for p in points]) or Decimal(1)

    def xy(t: datetime, v: Decimal) -> str:
        x = left + (t - t0).total_seconds() / span * (width - left - right)
        y = height - bottom - float(v / top_value) * (height - bottom - top)
        return f"{x:.1f},{y:.1f}"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="s-curve" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11" role="img" aria-label="S-curve">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#444"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#444"/>']
    for k in range(5):
        v = top_value * k / 4
        y = height - bottom - k / 4 * (height - bottom - top)
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{_short(v, locale)}</text>')
    for p in points[:: max(1, len(points) // 8)]:
        x = xy(p.at, Decimal(0)).split(",")[0]
        out.append(f'<text x="{x}" y="{height - 12}" text-anchor="middle" fill="#444">{format_date(p.at.date(), locale, "MMM yy")}</text>')
    for name, colour, vals in (("PV", "#2e86c1", [(p.at, p.pv) for p in points]),
                               ("EV", "#27ae60", [(p.at, p.ev) for p in points if p.ev is not None]),
                               ("AC", "#c0392b", [(p.at, p.ac) for p in points if p.ac is not None])):
        if not vals:
            continue
        pts = " ".join(xy(t, v) for t, v in vals)
        out.append(f'<polyline class="{name.lower()}" points="{pts}" fill="none" stroke="{colour}" stroke-width="2">'
                   f'<title>{name}</title></polyline>')
        for t, v in vals:
            out.append(f'<circle cx="{xy(t, v).split(",")[0]}" cy="{xy(t, v).split(",")[1]}" r="2.5" fill="{colour}">'
                       f'<title>{name} {format_date(t.date(), locale)}: {currency} {format_number(v, 2, locale)}</title></circle>')
    x = xy(status_date, Decimal(0)).split(",")[0]
    out.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{height - bottom}" stroke="#8e44ad" stroke-dasharray="4,3">'
               f'<title>{"অবস্থার তারিখ" if locale == "bn" else "Status date"} {format_date(status_date.date(), locale)}</title></line>')
    out.append(f'<text x="{width - right - 150}" y="{top + 12}"><tspan fill="#2e86c1">■ PV</tspan> '
               f'<tspan fill="#27ae60">■ EV</tspan> <tspan fill="#c0392b">■ AC</tspan></text>')
    out.append("</svg>")
    return "".join(out)


def _short(v: Decimal, locale: str = "en") -> str:
    """Axis labels in lakh/crore, as Bangladeshi readers expect (কোটি/লাখ and Bangla digits on Bangla pages)."""
    bn = locale == "bn"
    if v >= 10_000_000:
        return _digits(f"{v / 10_000_000:.2f}", locale) + (" কোটি" if bn else " Cr")
    if v >= 100_000:
        return _digits(f"{v / 100_000:.1f}", locale) + (" লাখ" if bn else " L")
    return format_number(Decimal(v), 0, locale)
