"""Whatever a file holds, an import ends in a report or in one DomainError naming where: never a
traceback, never a database error (issue 11). Mutations of real-shaped XER and MSPDI files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from vextrus.modules.projects import interchange
from vextrus.modules.projects.domain.mspdi import load_mspdi
from vextrus.modules.projects.domain.xer import xer_to_project
from vextrus.modules.projects.domain.xer_format import read_xer
from vextrus.modules.projects.domain.xer_resources import read_resources
from vextrus.modules.projects.tables import Project
from vextrus.platform.errors import DomainError

DATA = Path(__file__).parent / "data"
TOWER_B = (DATA / "tower_b.xer").read_bytes()
LINES = TOWER_B.split(b"\r\n")
JUNK = st.sampled_from([b"", b"x", b"-1", b"1e400", b"NaN", b"2026-13-45 25:61", b"(0||", b"\xff\xfe", b"\x81",
                        b"\xd0\xa1\xd0\xb2", b"PR_ZZ", b"TT_Odd", b"TK_Complete", b"Y", b"999999999999999999999"])


@st.composite
def mutated(draw) -> bytes:  # noqa: ANN001
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "drop", "copy", "cut"]))
        rows = [i for i, ln in enumerate(lines) if ln.startswith(b"%R")]
        if kind == "cell" and rows:
            i = draw(st.sampled_from(rows))
            cells = lines[i].split(b"\t")
            if len(cells) > 1:
                cells[draw(st.integers(1, len(cells) - 1))] = draw(JUNK)
                lines[i] = b"\t".join(cells)
        elif kind == "drop" and len(lines) > 1:
            del lines[draw(st.integers(0, len(lines) - 1))]
        elif kind == "copy":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
        else:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return b"\r\n".join(lines)


def read_everything(data: bytes) -> None:
    """What an import reads before writing anything."""
    doc = read_xer(data)
    proj = doc.table("PROJECT")
    for row in proj.rows if proj else [{}]:
        xer_to_project(doc, row.get("proj_id") or None)
    read_resources(doc)


@settings(max_examples=400, deadline=None)
@given(mutated())
def test_a_mutated_xer_is_read_or_refused_with_a_located_domain_error(data):
    try:
        read_everything(data)
    except DomainError as exc:
        assert exc.message and exc.message_bn and exc.code == "xer_invalid"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_mspdi_is_read_or_refused_with_a_domain_error(data):
    from test_projects_mspdi import P6_IDS

    text = P6_IDS
    for _ in range(data.draw(st.integers(1, 3))):
        tags = ["Duration", "LinkLag", "Type", "PredecessorUID", "ConstraintDate", "StartDate", "FromTime",
                "PercentComplete", "DayType", "UID", "Value", "Milestone", "RemainingDuration", "ActualStart"]
        tag = data.draw(st.sampled_from(tags))
        if f"<{tag}>" in text:
            start = text.index(f"<{tag}>") + len(tag) + 2
            end = text.index(f"</{tag}>", start)
            junk = data.draw(st.sampled_from(["", "x", "-5", "PT-1H", "2026-99-01T00:00:00", "1e999", "25:99:00", "0"]))
            text = text[:start] + junk + text[end:]
    try:
        load_mspdi(text)
    except DomainError as exc:
        assert exc.message and exc.code == "mspdi_invalid"


def _projects(db) -> int:
    with db.session_factory() as s:
        return s.execute(select(func.count()).select_from(Project)).scalar()


@pytest.mark.parametrize("seed", range(3))
def test_mutated_files_import_or_leave_the_database_unchanged(db, admin, seed):
    """Through the database: each line dropped or doubled in turn (a third of them per seed)."""
    variants = []
    for i in range(seed, len(LINES), 3):
        variants.append(b"\r\n".join(LINES[:i] + LINES[i + 1:]))
        variants.append(b"\r\n".join(LINES[:i] + [LINES[i]] + LINES[i:]))
    imported = 0
    for n, data in enumerate(variants):
        before = _projects(db)
        try:
            report = interchange.import_file(data, "tower_b.xer", code=f"M{seed}-{n}")
        except DomainError as exc:
            assert "tower_b.xer" in exc.message
            assert _projects(db) == before
        else:
            imported += 1
            assert _projects(db) == before + len(report.projects)
    assert imported > len(variants) // 2  # most single-line damage is read around, with warnings
