"""The demo's ledger and its building project reconcile (issue 12): the project's actual cost is
the company ledger's cost lines tagged with the project, to the poisha, and earned value's AC shows
that figure; the statements still balance and tell a sensible story.

The full demo loads as `vextrus serve --demo` loads it (every module's demo in registry order, then
the event relay: finance's `finance.journal.posted` becomes the project's actual costs)."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import BACKENDS, Backend

from vextrus.app import create_app
from vextrus.modules.finance.service import reporting
from vextrus.modules.finance.service.reporting import Dims
from vextrus.modules.payroll import demo as payroll_demo
from vextrus.modules.projects import api as projects
from vextrus.modules.projects import demo
from vextrus.modules.projects.service import costs
from vextrus.platform import bootstrap, clock, context, i18n, runtime

BOOK = "PBL"  # the demo company's book
FIRST, LAST = date(2025, 1, 1), date(2026, 6, 30)  # the demo ledger: January 2025 to the end of FY 2025-26


@pytest.fixture(scope="module", params=BACKENDS)
def demo_db(request, scratch_postgres):
    """A database of its own with nothing but the demo: other files' tests write into the shared demo
    tenant (bad-input and fuzz sweeps post to its project), which would change the figures compared here."""
    if request.param == "sqlite":
        backend = Backend("sqlite", f"sqlite:///{Path(tempfile.mkdtemp()) / 'demo.db'}", lambda: None)
    else:
        pg = scratch_postgres()
        backend = Backend("postgresql", pg.url, pg.drop, pg.owner_url)
    rt = backend.activate()
    bootstrap.load_demo()
    yield rt
    rt.close()
    backend.cleanup()
    runtime._current = None


@pytest.fixture
def db(demo_db):
    runtime._current = demo_db  # the shared `db` fixture may have switched the runtime since
    return demo_db


@pytest.fixture
def owner(db):
    tenant, _created, _lines = bootstrap.load_demo()
    owner = context.RequestContext(tenant_id=tenant.id, permissions=frozenset({"*"}), actor="owner@test")
    with context.acting_as(owner):
        yield owner


@pytest.fixture
def demo_company(owner):
    return projects.project_by_code(demo.CODE)


def ledger_cost(project_id, as_of: date) -> Decimal:
    """Debits less credits of the ledger's expense lines tagged with the project, up to `as_of`."""
    tb = reporting.trial_balance(BOOK, FIRST, as_of, Dims(project_id=project_id))
    return sum((ln.closing_debit - ln.closing_credit for ln in tb.lines if ln.account_type == "expense"), Decimal(0))


def test_project_actual_cost_is_the_ledger_cost_tagged_to_the_project(demo_company):
    p = demo_company
    # the demo's ledger runs to LAST; hr's demo adds an expense claim charged to the project, dated yesterday
    total = ledger_cost(p.id, max(LAST, clock.today()))
    assert total > 10**8  # crores of construction cost, all of it in the ledger
    assert projects.actual_cost(p.id) == total  # to the poisha
    assert projects.actual_cost(p.id, source="finance") == total  # no cost kept apart from the ledger
    # earned value's AC at a status date after the books' last month shows the ledger's figure to that day
    assert costs.evm(demo.CODE, status_date=datetime.combine(LAST, time(17))).ac == ledger_cost(p.id, LAST)
    # and at the project's data date, the ledger's cost up to that day
    m = costs.evm(demo.CODE)
    as_of = m.status_date.date()
    assert m.ac == projects.actual_cost(p.id, as_of=as_of) == ledger_cost(p.id, as_of) > 0


def test_every_project_cost_names_an_activity_of_the_project(demo_company):
    listed = costs.list_costs(demo.CODE)
    codes = {a.code for a in projects.activities_of(demo_company.id)}
    assert listed and all(c.activity_code in codes for c in listed if c.activity_code)
    # the site staff's pay and hr's demo expense claim (yesterday's site visit) are the costs charged to the
    # project as a whole: neither payroll nor an expense claim names an activity yet
    claim_day = clock.today() - timedelta(days=1)
    unnamed = {(c.cost_date.year, c.cost_date.month) for c in listed if not c.activity_code}
    assert unnamed <= {(payroll_demo.MONTH.year, payroll_demo.MONTH.month), (claim_day.year, claim_day.month)}
    assert sum((c.amount for c in listed), Decimal(0)) == projects.actual_cost(demo_company.id)


def test_the_story_stays_sensible(demo_company):
    m = costs.evm(demo.CODE)
    assert m.ac > m.ev and Decimal("0.8") < m.cpi < 1  # a little over budget, as the project demo tells it
    for start, end in ((date(2024, 7, 1), date(2025, 6, 30)), (date(2025, 7, 1), date(2026, 6, 30))):
        assert reporting.trial_balance(BOOK, start, end).is_balanced
        inc = reporting.income_statement(BOOK, start, end)
        assert 0 < inc.net_profit < inc.revenue.total / 5  # a contractor's margin, not a windfall
    assert reporting.balance_sheet(BOOK, LAST).is_balanced
    assert reporting.verify(BOOK).differences == []


def test_the_earned_value_page_shows_the_ledger_figure(db, owner, demo_company):
    total = ledger_cost(demo_company.id, LAST)
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: owner])
    with TestClient(app) as c:
        page = c.get(f"/projects/{demo.CODE}/evm", params={"status_date": "2026-06-30T17:00:00", "lang": "en"}).text
    ac = re.search(r'<tr data-figure="ac"><th>[^<]*</th><td class="num">([^<]*)</td>', page).group(1)
    assert ac == i18n.format_money(total, "BDT", "en")
