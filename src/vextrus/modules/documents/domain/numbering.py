"""Document numbers: `<prefix>/<fiscal year>/<serial>` (PV/2025-26/000042), the fiscal year starting
in July unless the company says otherwise (Bangladesh: 1 July – 30 June)."""

from __future__ import annotations

from datetime import date


def fiscal_year_label(day: date, start_month: int = 7) -> str:
    first = day.year if day.month >= start_month else day.year - 1
    if start_month == 1:
        return str(first)
    return f"{first}-{(first + 1) % 100:02d}"


def document_number(prefix: str, day: date, serial: int, start_month: int = 7, width: int = 6) -> str:
    if serial < 1:
        raise ValueError("serials start at 1")
    return f"{prefix}/{fiscal_year_label(day, start_month)}/{serial:0{width}d}"
