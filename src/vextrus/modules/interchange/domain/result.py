"""The file of refused rows: the user's own columns as they uploaded them, then an error column in
the language they chose, so they can correct the rows and upload that file again. Only refused rows
(an `error`) are in it, and only their errors are in that column: a warning never refuses a row, and
the file has no warnings column (its upload's dry run says them again, against the parties as they
are then). CSV is written
as UTF-8 with a BOM (Excel then shows Bangla correctly); XLSX is written by the service through
documents' Excel helper."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from vextrus.platform.row_problems import RowProblem


def error_header(lang: str) -> str:
    return "ত্রুটি" if lang == "bn" else "Error"


def error_texts(problems: Sequence[RowProblem], lang: str) -> dict[int, str]:
    """{row: every problem of that row in words, joined by "; "}."""
    out: dict[int, list[str]] = {}
    for p in problems:
        if not p.refuses:
            continue
        msg = p.message_bn if lang == "bn" else p.message
        col = f"{p.column}: " if p.column else ""
        out.setdefault(p.row, []).append(col + msg)
    return {row: "; ".join(v) for row, v in out.items()}


def refused_csv(header: Sequence[str], rows: Sequence[tuple[int, list[str]]], problems: Sequence[RowProblem],
                lang: str = "en") -> bytes:
    """CSV of exactly the refused rows (those with a problem), in file order, with the error column."""
    texts: Mapping[int, str] = error_texts(problems, lang)
    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow([*header, error_header(lang)])
    for n, (_line, cells) in enumerate(rows, start=1):
        if n in texts:
            w.writerow([*cells[:len(header)], *[""] * (len(header) - len(cells)), texts[n]])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
