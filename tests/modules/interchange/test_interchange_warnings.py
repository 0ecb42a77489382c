"""Similar-party warnings through interchange, on both databases (issue 15): a row that looks like an
existing party (or an earlier row of the file) is told in English and Bangla, with its column, the other
party's code and Bangla name, and is saved all the same; only errors refuse a row or a run, the counts
keep them apart, the file of refused rows holds refused rows only, at most 3 similar parties per row,
and the Bangla run page has no English word."""

from __future__ import annotations

import csv
import io
import re

import pytest
import xlsxwriter
from fastapi.testclient import TestClient

from vextrus.modules.interchange import service
from vextrus.modules.interchange.repository import problem_view
from vextrus.modules.interchange.schemas import CommitInput
from vextrus.modules.master_data import api as master_data
from vextrus.modules.master_data import imports as md_imports
from vextrus.modules.master_data import service as master_data_service
from vextrus.modules.master_data.schemas import PartyInput

PASSWORD = "a long enough password 1"


def _user(tenant_id, email):  # noqa: ANN001, ANN202  (as tests/modules/interchange/test_interchange_http.py)
    from vextrus.modules.auth import service as auth
    from vextrus.modules.auth.service import sessions
    from vextrus.modules.organization import api as org
    from vextrus.platform import context

    with context.acting_as(context.system_context(tenant_id)):
        c = org.create_company(org.CompanyInput(code="IX", name="Interchange Builders Ltd."))
        auth.seed_default_roles(c.id)
        u = auth.create_user(auth.UserInput(email=email, name="Importer"), PASSWORD, c.id, ["owner"])
    return sessions.context_for(u.id, tenant_id, company_id=c.id)

PARTIES = "master_data.parties"


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    book.close()
    return out.getvalue()


def _meghna(code: str = "MC-1"):  # noqa: ANN202
    return master_data_service.create_party(PartyInput(code=code, legal_name="Meghna Cement Industries",
                                                       legal_name_bn="মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ"))


def _names(q: str) -> list[str]:
    return sorted(p.legal_name for p in master_data.search_parties(q, limit=100))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_row_like_an_existing_party_is_warned_in_both_languages_and_still_saved(db, admin, fmt):
    existing = _meghna()
    rows = [["Legal name", "Mobile"], ["Meghna Cement Industries Ltd", "01711000051"],
            ["Karim Traders", "01711000052"]]
    content = _csv(rows) if fmt == "csv" else _xlsx(rows)
    run = service.upload(PARTIES, f"parties.{fmt}", content)
    checked = service.check(run.id)
    assert (checked.rows_total, checked.rows_valid, checked.rows_refused, checked.rows_warned) == (2, 2, 0, 1)
    (w,) = checked.problems
    assert (w.row, w.line, w.column, w.field, w.severity, w.code) == (
        1, 2, "Legal name", "legal_name", "warning", "master_data.similar_party")
    assert existing.code in w.message and "Meghna Cement Industries" in w.message and "similar name" in w.message
    assert existing.code in w.message_bn and "মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ" in w.message_bn and "নামের মিল" in w.message_bn
    assert (checked.errors_total, checked.warnings_total) == (0, 1)
    done = service.commit(run.id, CommitInput(mode="all_or_nothing"))  # a warning does not refuse the run
    assert (done.status, done.rows_written, done.rows_refused, done.result_file_id) == ("committed", 2, 0, None)
    assert _names("Meghna") == ["Meghna Cement Industries", "Meghna Cement Industries Ltd"]
    assert [p.severity for p in service.get_run(run.id).problems] == ["warning"]  # kept on the run


def test_only_the_error_refuses_a_row_that_is_both_refused_and_similar(db, admin):
    _meghna()
    content = _csv([["Code", "Legal name"], ["MC-1", "Meghna Cement Industries Ltd"],  # code taken, and similar
                    ["", "Meghna Cement Industry"],  # similar only
                    ["", "Jamuna Bricks"]])
    run = service.upload(PARTIES, "p.csv", content)
    checked = service.check(run.id)
    assert (checked.rows_valid, checked.rows_refused, checked.rows_warned) == (2, 1, 1)
    assert [(p.row, p.severity, p.code) for p in checked.problems] == [
        (1, "error", "master_data.duplicate_code"), (1, "warning", "master_data.similar_party"),
        (2, "warning", "master_data.similar_party")]
    assert checked.problems[0].column == "Code" and checked.problems[1].column == "Legal name"
    done = service.commit(run.id, CommitInput(mode="valid_only"))
    assert (done.status, done.rows_written, done.rows_refused, done.rows_warned) == ("committed", 2, 1, 1)
    assert _names("Jamuna") == ["Jamuna Bricks"] and "Meghna Cement Industry" in _names("Meghna")
    _name, result = service.result_file(done.id)
    rows = list(csv.reader(io.StringIO(result.decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Legal name", "Error"]  # no warnings column: see docs/interchange.md
    assert [r[:2] for r in rows[1:]] == [["MC-1", "Meghna Cement Industries Ltd"]]  # the refused row only
    assert rows[1][2].startswith("Code: ") and "Looks like" not in rows[1][2]  # its error, not its warning


def test_all_or_nothing_is_refused_by_an_error_not_by_warnings(db, admin):
    _meghna()
    content = _csv([["Code", "Legal name"], ["MC-1", "Padma Steel"], ["", "Meghna Cement Industry"]])
    run = service.upload(PARTIES, "p.csv", content)
    service.check(run.id)
    done = service.commit(run.id, CommitInput(mode="all_or_nothing"))
    assert (done.status, done.rows_written, done.rows_refused) == ("refused", 0, 1)
    assert _names("Padma") == [] and _names("Meghna") == ["Meghna Cement Industries"]


def test_at_most_three_similar_parties_per_row_the_closest_first(db, admin):
    for suffix in ("A", "B", "C", "D", "E"):
        master_data_service.create_party(PartyInput(legal_name=f"Padma Steel Mills {suffix}"))
    rows = [["Legal name"], ["Padma Steel Mills"], *[[f"Padma Steel Mills {s}"] for s in "FGHIJ"]]
    report = md_imports.run_import("parties", "legal_name\n" + "\n".join(r[0] for r in rows[1:]) + "\n")
    per_row: dict[int, list[md_imports.RowWarning]] = {}
    for w in report.warnings:
        per_row.setdefault(w.row, []).append(w)
    assert len(per_row) == 6 and all(len(ws) == md_imports.WARNINGS_PER_ROW == 3 for ws in per_row.values())
    assert all([w.score for w in ws] == sorted((w.score for w in ws), reverse=True) for ws in per_row.values())
    checked = service.check(service.upload(PARTIES, "p.csv", _csv(rows)).id)
    assert checked.rows_warned == 6 and checked.warnings_total == 18 and checked.rows_refused == 0


def test_warnings_beyond_those_shown_are_stored_counted_but_without_their_messages(db, admin, monkeypatch):
    from vextrus.modules.interchange import repository
    from vextrus.modules.interchange.service import imports as ix_imports
    from vextrus.modules.interchange.tables import ImportRunRow
    from vextrus.platform.uow import unit_of_work

    monkeypatch.setattr(repository, "PROBLEMS_SHOWN", 5)
    monkeypatch.setattr(ix_imports, "PROBLEMS_SHOWN", 5)
    for suffix in "ABCD":
        master_data_service.create_party(PartyInput(legal_name=f"Padma Steel Mills {suffix}"))
    rows = [["Legal name", "Mobile"], ["Padma Steel Mills", ""], *[[f"Padma Steel Mills {s}", ""] for s in "FGH"],
            ["Jamuna Bricks", "12345"]]  # the last refused: a mobile number is 11 digits
    run = service.upload(PARTIES, "p.csv", _csv(rows))
    checked = service.check(run.id)
    assert (checked.rows_refused, checked.rows_warned, checked.errors_total, checked.warnings_total) == (1, 4, 1, 12)
    assert [p.severity for p in checked.problems] == ["error"] + ["warning"] * 5 and all(
        p.message and p.message_bn for p in checked.problems)
    with unit_of_work() as uow:
        stored = uow.session.get(ImportRunRow, run.id).problems
    assert sum(1 for p in stored if "message" not in p) == 7  # the 7 not shown: row, code and severity only
    done = service.commit(run.id, CommitInput(mode="valid_only"))
    assert (done.status, done.rows_written, done.rows_refused, done.rows_warned, done.warnings_total) == (
        "committed", 4, 1, 4, 12)


def test_a_problem_stored_without_a_severity_reads_as_an_error():
    old = {"row": 3, "code": "x", "message": "m", "message_bn": "ম", "field": None, "column": None, "line": 4}
    assert problem_view(old).severity == "error"


# ---- the page, in Bangla ------------------------------------------------------------------------

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
CODE = re.compile(r"(?<![A-Za-z0-9_.-])(?:[A-Za-z0-9]+(?:[._/:-][A-Za-z0-9]+)+|[A-Za-z]*[0-9][A-Za-z0-9]*|[A-Z]+)"
                  r"(?![A-Za-z0-9_]|-[A-Za-z0-9])")  # codes and identifiers (as tests/browser/test_bangla_walk.py)
ALLOWED = {"Vextrus", "English", "CSV", "XLSX", "PDF", "TIN", "BIN", "NID"}


def _visible(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|code|kbd|samp)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"&[a-z#0-9]+;", " ", html)


@pytest.fixture
def client(db, tenant_id):
    from vextrus.app import create_app

    user = _user(tenant_id, f"w{tenant_id.hex[-12:]}@ix.example")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: user])
    with TestClient(app) as c:
        c.get("/interchange")  # sets the CSRF cookie
        yield c, user


def test_the_bangla_run_page_shows_errors_and_warnings_apart_with_no_english_word(client):
    from vextrus.platform import context

    c, user = client
    with context.acting_as(user):
        _meghna()
    c.cookies.set("vx_lang", "bn")
    data = _csv([["কোড", "আইনি নাম"], ["MC-1", "Meghna Cement Industries Ltd"], ["", "Meghna Cement Industry"],
                 ["", "Jamuna Bricks"]])
    up = c.post("/interchange/import?lang=bn", data={"target": PARTIES, "csrf_token": c.cookies.get("vx_csrf")},
                files={"file": ("parties.csv", data, "text/csv")}, follow_redirects=False)
    run_url = up.headers["location"]
    checked = c.post(f"{run_url}/check?lang=bn", data={"col_0": "code", "col_1": "legal_name",
                                                        "csrf_token": c.cookies.get("vx_csrf")}, follow_redirects=False)
    assert checked.status_code == 303, checked.text[:500]
    page = c.get(f"{run_url}?lang=bn")
    assert page.status_code == 200
    html = page.text
    assert 'id="problems"' in html and 'id="warnings"' in html
    assert "ত্রুটি: এই সারিগুলো প্রত্যাখ্যাত" in html and "সতর্কতা: এই সারিগুলো তবুও সংরক্ষিত হবে" in html
    assert 'id="rows-refused">১<' in html and 'id="rows-warned">১<' in html
    assert "মেঘনা সিমেন্ট ইন্ডাস্ট্রিজ" in html
    text = _visible(html)
    for phrase in ("Meghna Cement Industries Ltd", "Meghna Cement Industry", "Jamuna Bricks", "parties.csv"):
        text = text.replace(phrase, " ")  # the user's own data
    words = {w for w in LATIN_WORD.findall(CODE.sub(" ", text)) if w not in ALLOWED}
    assert words == set(), words
    c.cookies.set("vx_lang", "en")
    english = c.get(f"{run_url}?lang=en").text
    assert "Warnings: these rows are saved all the same" in english and "Looks like existing party MC-1" in english


def test_rest_and_graphql_carry_the_severity(client):
    from vextrus.platform import context

    c, user = client
    with context.acting_as(user):
        _meghna()
    up = c.post("/api/v1/interchange/import", data={"target": PARTIES},
                files={"file": ("p.csv", _csv([["Legal name"], ["Meghna Cement Industries Ltd"]]), "text/csv")})
    run_id = up.json()["id"]
    checked = c.post(f"/api/v1/interchange/imports/{run_id}/check")
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert (body["rows_refused"], body["rows_warned"]) == (0, 1)
    assert [(p["severity"], p["code"]) for p in body["problems"]] == [("warning", "master_data.similar_party")]
    q = f'{{ interchangeImportRun(id: "{run_id}") {{ rowsRefused rowsWarned problems {{ row severity code messageBn }} }} }}'
    got = c.post("/graphql", json={"query": q}).json()
    assert "errors" not in got, got
    run = got["data"]["interchangeImportRun"]
    assert (run["rowsRefused"], run["rowsWarned"]) == (0, 1)
    assert run["problems"][0]["severity"] == "warning" and "MC-1" in run["problems"][0]["messageBn"]
