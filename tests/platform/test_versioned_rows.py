"""Versioned rows by mechanism (issue 21): every table with a `version` column uses `Versioned`
(SQLAlchemy's `version_id_col`), so every UPDATE is a compare-and-set; `check_version` refuses a stale
read with the one `StaleVersion`; a write that loses the compare-and-set at flush becomes the same
`StaleVersion` in the unit of work and its transaction rolls back. Both databases."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from sqlalchemy import event, select

from vextrus.modules.organization import service as org
from vextrus.modules.organization.service import CompanyInput
from vextrus.modules.organization.tables import Company
from vextrus.platform.errors import Conflict, StaleVersion
from vextrus.platform.uow import unit_of_work
from vextrus.platform.versioning import Versioned, check_version, touch

MODULES = Path(__file__).resolve().parents[2] / "src" / "vextrus" / "modules"


def _module_tables():
    for tables in sorted(MODULES.glob("*/tables.py")):
        mod = importlib.import_module(f"vextrus.modules.{tables.parent.name}.tables")
        for mapper in mod.Base.registry.mappers:
            yield tables.parent.name, mapper


def test_every_table_with_a_version_column_is_versioned_by_the_mapper():
    versioned = []
    for module, mapper in _module_tables():
        table = mapper.local_table
        if "version" not in table.c:
            continue
        versioned.append(f"{module}.{table.name}")
        assert issubclass(mapper.class_, Versioned), f"{table.name} has a version column but is not Versioned"
        assert mapper.version_id_col is table.c.version, f"{table.name}: version is not the version_id_col"
        assert not table.c.version.nullable
    assert len(versioned) >= 12 and "projects.project" in versioned and "finance.finance_account" in versioned


_HAND_MOVED = re.compile(r"\.version\s*\+=|(?<![\w.])version\s*=\s*[\w.]+\.version\s*\+\s*1|"
                         r"\.version\b[^=]*=[^=].*\.version\s*\+\s*1")


def test_no_module_moves_a_version_by_hand():
    found = [f"{path.relative_to(MODULES)}:{n}: {line.strip()}"
             for path in sorted(MODULES.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _HAND_MOVED.search(line)]
    assert found == []


def test_the_hand_move_finder_finds_hand_moves():
    for line in ("row.version += 1", "values(status='x', version=e.version + 1)",
                 "row.value, row.version = v, row.version + 1"):
        assert _HAND_MOVED.search(line), line
    assert not _HAND_MOVED.search("revision=row.version + 1")  # an event's revision number, not the row


def test_check_version_refuses_another_version_with_one_error():
    class Row:
        version = 3

    check_version(Row(), 3, "project P1")
    check_version(Row(), None, "project P1")  # the caller did not say: the compare-and-set still guards
    with pytest.raises(StaleVersion) as err:
        check_version(Row(), 2, "project P1")
    e = err.value
    assert isinstance(e, Conflict) and e.status == 409
    assert (e.code, e.field, e.details) == ("stale_version", "version", {"expected": 2, "actual": 3})
    assert "project P1" in e.message and "version 3, you had 2" in e.message
    # the Bangla message holds no English (the record's name is given in English) and Bangla digits
    assert "project" not in e.message_bn and "সংস্করণ ৩, আপনার ছিল ২" in e.message_bn
    assert not re.search(r"[A-Za-z0-9]", e.message_bn)


def _company(code: str = "VRS") -> org.CompanyView:
    return org.create_company(CompanyInput(code=code, name=f"{code} Builders Ltd."))


def _stored(db, company_id) -> Company:
    with db.session_factory() as s:
        return s.execute(select(Company).where(Company.id == company_id)).scalar_one()


def test_every_update_is_a_compare_and_set_on_the_version(db, admin):
    c = _company()
    seen: list[str] = []

    def capture(_conn, _cursor, statement, _params, _context, _many):  # noqa: ANN001
        if statement.lstrip().upper().startswith("UPDATE") and "company" in statement:
            seen.append(" ".join(statement.split()))

    event.listen(db.engine.engine, "before_cursor_execute", capture)
    try:
        org.update_company(c.id, CompanyInput(code="VRS", name="VRS Holdings Ltd."), expected_version=1)
    finally:
        event.remove(db.engine.engine, "before_cursor_execute", capture)
    assert len(seen) == 1, seen
    where = seen[0].split(" WHERE ", 1)[1]
    assert re.search(r"\bversion\s*=", where), seen[0]


def test_the_version_moves_on_once_per_transaction_that_changes_the_row(db, admin):
    c = _company()
    assert c.version == 1
    with unit_of_work() as uow:  # two flushes, one transaction: one new version
        row = uow.session.get(Company, c.id)
        row.name = "First Name Ltd."
        uow.session.flush()
        row.name = "Second Name Ltd."
        uow.session.flush()
    assert _stored(db, c.id).version == 2
    with unit_of_work() as uow:  # nothing changed: no new version
        row = uow.session.get(Company, c.id)
        row.name = "Second Name Ltd."
    assert _stored(db, c.id).version == 2
    with unit_of_work() as uow:  # only its children changed: touch counts it as changed, once
        row = uow.session.get(Company, c.id)
        touch(row)
        touch(row)
    assert _stored(db, c.id).version == 3


def test_a_write_that_loses_the_compare_and_set_is_refused_and_rolled_back(db, admin):
    c = _company()
    with db.session_factory() as s:  # someone read version 1 ...
        stale = s.execute(select(Company).where(Company.id == c.id)).scalar_one()
        s.expunge(stale)
    won = org.update_company(c.id, CompanyInput(code="VRS", name="Winner Builders Ltd."))  # ... another wrote 2
    assert won.version == 2

    with pytest.raises(StaleVersion) as err, unit_of_work() as uow:
        uow.session.add(Company(code="VRX", name="Made in the lost transaction", tenant_id=admin.tenant_id))
        row = uow.session.merge(stale, load=False)  # still at version 1: passed any read-time check
        row.name = "Loser Builders Ltd."
    assert (err.value.code, err.value.status, err.value.field) == ("stale_version", 409, "version")
    assert "company" in err.value.message

    stored = _stored(db, c.id)
    assert (stored.name, stored.version) == ("Winner Builders Ltd.", 2)
    with db.session_factory() as s:
        assert s.execute(select(Company).where(Company.code == "VRX")).first() is None  # rolled back with it


def test_a_stale_read_is_refused_before_anything_is_written(db, admin):
    c = _company()
    org.update_company(c.id, CompanyInput(code="VRS", name="First Edit Ltd."), expected_version=1)
    with pytest.raises(StaleVersion) as err:
        org.update_company(c.id, CompanyInput(code="VRS", name="Second Edit Ltd."), expected_version=1)
    assert err.value.details == {"expected": 1, "actual": 2}
    stored = _stored(db, c.id)
    assert (stored.name, stored.version) == ("First Edit Ltd.", 2)
