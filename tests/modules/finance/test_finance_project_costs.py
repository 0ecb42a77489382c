"""Project costs leave the ledger in `finance.journal.posted` (`cost_lines`), which the projects module
records as actual cost: the activity dimension on lines, every posting path, reversals negated.

projects exposes no `api` for actual costs, so these tests read the event payloads from the outbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from vextrus.app import create_app
from vextrus.modules.finance import service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.service import EntryIn, LineIn
from vextrus.modules.projects import service as projects
from vextrus.modules.projects.tables import Project
from vextrus.platform.tables import OutboxEvent
from vextrus.platform.uow import unit_of_work

PROJECT = uuid4()


@pytest.fixture(autouse=True)
def project(admin):
    """The project and activities the lines name (the ledger refuses unknown ones), under the id PROJECT
    (a new one per test: ids are unique across tenants)."""
    global PROJECT
    PROJECT = uuid4()
    p = projects.create_project("RAFT", "Raft foundation")
    with unit_of_work() as uow:
        uow.session.execute(update(Project).where(Project.id == p.id).values(id=PROJECT))
    for code in ("A1010", "B2000", "A1", "A2", "A3"):
        projects.add_activity(PROJECT, code, code, 8.0)


@pytest.fixture
def book(admin):
    b = service.ensure_book("PADMA", "Padma Builders Ltd.")
    service.open_fiscal_year(b.code, "2025-26")
    return b.code


@pytest.fixture
def posted_events(db, tenant_id):
    """This company's `finance.journal.posted` payloads, oldest first."""
    def read() -> list[dict]:
        with db.session_factory() as s:
            return list(s.execute(select(OutboxEvent.payload).where(
                OutboxEvent.name == "finance.journal.posted", OutboxEvent.tenant_id == tenant_id)
                .order_by(OutboxEvent.occurred_at, OutboxEvent.id)).scalars())
    return read


def cement(project: UUID | None | str = "PROJECT", activity: str | None = "A1010", amount: str = "125000.50") -> EntryIn:
    """Cement for the raft foundation: expense (project cost), input VAT and the supplier."""
    project = PROJECT if project == "PROJECT" else project
    vat = (D(amount) * D("0.15")).quantize(D("0.01"))
    return EntryIn(entry_date=date(2025, 7, 10), narration="Cement, raft foundation", lines=[
        LineIn(account_code="5110", debit=D(amount), project_id=project, activity_code=activity),
        LineIn(account_code="1150", debit=vat, project_id=project),  # an asset: tagged, but no project cost
        LineIn(account_code="2110", credit=D(amount) + vat, project_id=project)])


def test_a_project_cost_carries_project_activity_and_base_amount(posted_events, book):
    e = service.post_entry(book, cement())
    assert [(ln.project_id, ln.activity_code) for ln in e.lines][0] == (PROJECT, "A1010")
    [ev] = [p for p in posted_events() if p["entry_id"] == str(e.id)]
    assert (ev["number"], ev["entry_date"]) == (e.number, "2025-07-10")
    [cost] = ev["cost_lines"]
    assert cost["project_id"] == str(PROJECT) and cost["activity_code"] == "A1010"
    assert (D(cost["amount"]), cost["currency"]) == (D("125000.50"), "BDT")
    assert UUID(cost["line_id"])  # the line's own id: projects record each line once


def test_reversal_is_posted_with_the_cost_negated(posted_events, book):
    e = service.post_entry(book, cement(amount="40000"))
    rev = service.reverse_entry(book, e.id, date(2025, 7, 20))
    events = {p["entry_id"]: p for p in posted_events()}
    original, reversal = events[str(e.id)]["cost_lines"], events[str(rev.id)]["cost_lines"]
    assert D(reversal[0]["amount"]) == -D(original[0]["amount"]) == D("-40000")
    assert reversal[0]["activity_code"] == "A1010" and reversal[0]["line_id"] != original[0]["line_id"]
    assert events[str(rev.id)]["reverses_id"] == str(e.id) and events[str(rev.id)]["entry_date"] == "2025-07-20"
    # the project's net cost from the two events is nil
    assert sum(D(c["amount"]) for p in events.values() for c in p["cost_lines"]) == 0


def test_credits_to_a_cost_account_lower_the_cost_and_wip_counts(posted_events, book):
    e = service.post_entry(book, EntryIn(entry_date=date(2025, 7, 12), lines=[
        LineIn(account_code="1170", debit=D("9000"), project_id=PROJECT, activity_code="B2000"),  # contract WIP
        LineIn(account_code="5110", credit=D("2500"), project_id=PROJECT),  # cement returned
        LineIn(account_code="1120", credit=D("6500"))]))
    [ev] = [p for p in posted_events() if p["entry_id"] == str(e.id)]
    assert [(c["activity_code"], D(c["amount"])) for c in ev["cost_lines"]] == [("B2000", D("9000")),
                                                                                 (None, D("-2500"))]


def test_bulk_posts_announce_only_entries_with_project_costs(posted_events, book):
    plain = EntryIn(entry_date=date(2025, 7, 11), lines=[LineIn(account_code="5110", debit=D("10")),
                                                         LineIn(account_code="1120", credit=D("10"))])
    r = service.post_bulk(book, [plain, cement(amount="700"), plain])
    costed = [p for p in posted_events() if p["entry_id"] in {str(i) for i in r.ids}]
    assert len(costed) == 1 and D(costed[0]["cost_lines"][0]["amount"]) == D("700")


def test_an_activity_needs_its_project_on_every_path(posted_events, book):
    with pytest.raises(LedgerError) as e:
        service.post_entry(book, cement(project=None))
    assert e.value.code == "activity_without_project" and e.value.field == "lines[0].activity_code"
    with pytest.raises(LedgerError) as e:
        service.post_bulk(book, [cement(), cement(project=None)])
    assert e.value.field == "entries[1].lines[0].activity_code"
    assert posted_events() == []


def test_drafts_keep_the_activity_until_posted(posted_events, book):
    d = service.create_draft(book, cement(activity=" A1010 "))
    assert d.lines[0].activity_code == "A1010"
    p = service.post_draft(book, d.id)
    [ev] = [x for x in posted_events() if x["entry_id"] == str(p.id)]
    assert ev["cost_lines"][0]["activity_code"] == "A1010"


@pytest.fixture
def client(db, admin, tenant_id, book):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        yield c


def test_rest_graphql_and_the_line_form_take_project_and_activity(posted_events, client):
    body = {"entry_date": "2025-07-10", "lines": [
        {"account_code": "5110", "debit": "100", "project_id": str(PROJECT), "activity_code": "A1"},
        {"account_code": "2110", "credit": "100"}]}
    r = client.post("/api/v1/finance/books/PADMA/entries", json=body)
    assert r.status_code == 201 and r.json()["lines"][0]["activity_code"] == "A1"
    q = """mutation($i: JournalEntryInput!) { postJournalEntry(book: "PADMA", input: $i) {
             number lines { projectId activityCode } } }"""
    gi = {"entryDate": "2025-07-10", "lines": [
        {"accountCode": "5110", "debit": "200", "projectId": str(PROJECT), "activityCode": "A2"},
        {"accountCode": "2110", "credit": "200"}]}
    g = client.post("/graphql", json={"query": q, "variables": {"i": gi}}).json()
    assert g["data"]["postJournalEntry"]["lines"][0] == {"projectId": str(PROJECT), "activityCode": "A2"}
    page = client.get("/finance/PADMA/journal")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "entry_date": "2025-07-10", "journal_type": "general", "narration": "rod",
            "account": ["5110", "2110"], "debit": ["300", ""], "credit": ["", "300"], "memo": ["", ""],
            "project_id": [str(PROJECT), ""], "activity_code": ["A3", ""]}
    assert client.post("/finance/PADMA/journal", data=form, follow_redirects=False).status_code == 303
    amounts = sorted((c["activity_code"], D(c["amount"])) for p in posted_events() for c in p["cost_lines"])
    assert amounts == [("A1", D(100)), ("A2", D(200)), ("A3", D(300))]
