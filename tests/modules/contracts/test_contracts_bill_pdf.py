"""An RA bill printed as a PDF in English and Bangla (documents' `ra_bill`), on both databases, read back
with poppler's `pdftotext` as the client reading the printed bill would.

The worked example's contract (conftest: retention 5 %, security deposit 2.5 %, advance 5,35,000 recovered at
20 %, VAT 10 %, AIT 3 %) with two bills: RA-01 (2025-08-31) posted, RA-02 (2025-09-30) certified. Every
figure asserted is the service's bill view formatted as the documents module prints it (lakh grouping, Bangla
digits on the Bangla page), never a number typed here."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from fastapi.testclient import TestClient

from vextrus.app import create_app
from vextrus.modules.contracts import service
from vextrus.modules.contracts.schemas import RaBillInput, RaBillReversalInput, RaMeasureInput
from vextrus.modules.documents.api import amount_in_words
from vextrus.platform import context
from vextrus.platform.errors import Conflict, PermissionDenied
from vextrus.platform.i18n import format_number, to_bangla_digits

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def text_of(pdf: bytes, mode: str = "-layout") -> str:
    """The PDF's text as laid out on the page (figures), or with `-raw` in the order it was written, so a
    cell's text wrapped over lines reads on (descriptions, the amount in words)."""
    assert pdf.startswith(b"%PDF")
    return subprocess.run(["pdftotext", mode, "-", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")


def flat(pdf: bytes) -> str:
    return " ".join(text_of(pdf, "-raw").split())


def _bill(contract_id, on: date, measures: list[tuple[str, str]], *, certify: bool = True, post: bool = False):
    b = service.draft_bill(contract_id, RaBillInput(bill_date=on, measures=[
        RaMeasureInput(item_no=no, cumulative_quantity=D(q)) for no, q in measures]))
    if certify:
        b = service.certify_bill(b.id)
    if post:
        b = service.post_bill(b.id)
    return service.get_bill(b.id)


@pytest.fixture
def bills(db, admin, co, contract_input):
    """RA-01 posted (1.01 × 1000, 2.01 × 80); RA-02 certified (2.01 to 150.5, 3.01 to 120.25)."""
    c = service.create_contract(contract_input(co))
    b1 = _bill(c.id, date(2025, 8, 31), [("1.01", "1000"), ("2.01", "80")], post=True)
    b2 = _bill(c.id, date(2025, 9, 30), [("2.01", "150.5"), ("3.01", "120.25")])
    return c, b1, b2


@pytest.fixture
def client(db, admin, co):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/contracts")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def _docs(client, source_id) -> list[dict]:
    r = client.get(f"/api/v1/documents?source_id={source_id}")
    assert r.status_code == 200
    return r.json()


def _figures(b, lang: str) -> list[str]:
    """What the printed bill must show of the service's view: per line this bill's and the cumulative amount,
    the totals of the sheet, the gross, each deduction and the net payable."""
    amounts = [b.gross, b.vat, b.retention, b.advance_recovered, b.security_deposit, b.ait, b.deductions,
               b.net_payable, sum((ln.previous_amount for ln in b.lines), D(0)),
               sum((ln.cumulative_amount for ln in b.lines), D(0))]
    for ln in b.lines:
        amounts += [ln.this_amount, ln.cumulative_amount, ln.previous_amount, ln.rate]
    return [format_number(v, 2, lang) for v in amounts]


def test_the_english_bill_shows_the_sheet_deductions_and_net_of_the_stored_bill(client, co, bills):
    c, b1, b2 = bills
    r = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("inline")
    text = text_of(r.content)
    words = flat(r.content)
    assert "Running account bill" in text and "Padma Builders Ltd." in text  # the letterhead
    assert b2.number in text and c.code in text and "Meghna Tower substructure" in text
    assert "Meghna Housing Ltd." in text and "MGH-TWR" in text and "Meghna Tower" in text
    assert "1 Sept 2025 to 30 Sept 2025" in words or "1 Sep 2025 to 30 Sep 2025" in words  # after RA-01 to the bill
    for ln in b2.lines:
        assert ln.item_no in text and ln.description in words
    # this bill 2.01: 150.5 − 80 = 70.5 m3; the quantities print exactly
    line = next(ln for ln in b2.lines if ln.item_no == "2.01")
    assert line.this_quantity == D("70.5") and format_number(line.this_quantity, 2, "en") in text
    for figure in _figures(b2, "en"):
        assert figure in text, figure
    assert b2.net_payable == b2.gross + b2.vat - b2.deductions
    assert amount_in_words(b2.net_payable, "en") in words
    # the document's data is the bill's, to the poisha
    _, data = service.bill_print_data(b2.id, "en")
    assert (data.gross, data.vat, data.retention, data.advance_recovered, data.security_deposit, data.ait,
            data.net_payable) == (b2.gross, b2.vat, b2.retention, b2.advance_recovered, b2.security_deposit, b2.ait,
                                  b2.net_payable)
    assert [(x.this_amount, x.cumulative_amount) for x in data.lines] == \
        [(x.this_amount, x.cumulative_amount) for x in b2.lines]
    assert data.cumulative_amount == data.previous_amount + data.gross
    assert data.previous_amount == b1.gross  # what RA-01 billed is RA-02's previous


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_a_short_bill_is_one_page_with_its_signatures_and_qr_code(client, bills, lang):
    """A two-item bill fits one landscape page: the signatures and the verification code are not pushed to
    a page of their own."""
    _c, _b1, b2 = bills
    pdf = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang={lang}").content
    pages = text_of(pdf).split("\f")
    assert len([p for p in pages if p.strip()]) == 1
    assert ("Certified for payment" if lang == "en" else "প্রত্যয়িত") in pages[0]


def test_the_bangla_bill_has_bangla_labels_and_digits(client, co, bills):
    c, _b1, b2 = bills
    r = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=bn")
    assert r.status_code == 200
    text = text_of(r.content)
    for label in ("চলতি হিসাব বিল", "বিল নম্বর", "কাজের সময়কাল", "চুক্তি", "প্রকল্প", "কাজের বিবরণ", "পূর্ববর্তী",
                  "এই বিল", "ক্রমপুঞ্জিত", "রিটেনশন", "জামানত", "নিট প্রদেয়", "কথায়", "মেঘনা হাউজিং লিমিটেড"):
        assert label in text, label
    assert to_bangla_digits(b2.number) in text and b2.number not in text
    for figure in _figures(b2, "bn"):
        assert figure in text, figure
    net_en = format_number(b2.net_payable, 2, "en")
    assert net_en not in text  # the net payable in Bangla digits only
    assert amount_in_words(b2.net_payable, "bn") in flat(r.content)


def test_a_second_request_returns_the_same_stored_document_even_after_posting(client, co, bills):
    _c, _b1, b2 = bills
    first = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en")
    again = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en")
    assert again.content == first.content and again.headers["x-document-id"] == first.headers["x-document-id"]
    assert [d["doc_type"] for d in _docs(client, b2.id)] == ["ra_bill"]
    # its figures were fixed at certification: the posted bill is the same document
    service.post_bill(b2.id)
    posted = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en")
    assert posted.headers["x-document-id"] == first.headers["x-document-id"] and posted.content == first.content
    bn = client.get(f"/contracts/bills/{b2.id}/ra-bill.pdf?lang=bn")  # the page's route
    assert bn.status_code == 200 and bn.headers["x-document-id"] != first.headers["x-document-id"]
    docs = _docs(client, b2.id)
    assert sorted(d["lang"] for d in docs) == ["bn", "en"] and {d["doc_type"] for d in docs} == {"ra_bill"}
    # GraphQL prints the same stored document
    q = client.post("/graphql", json={"query": "mutation($id: ID!) { contractsPrintBill(billId: $id, lang: \"en\") "
                                               "{ documentId billNumber downloadPath } }",
                                      "variables": {"id": str(b2.id)}}).json()
    got = q["data"]["contractsPrintBill"]
    assert got["documentId"] == first.headers["x-document-id"] and got["billNumber"] == b2.number
    assert got["downloadPath"] == f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en"
    assert len(_docs(client, b2.id)) == 2


def test_a_draft_is_refused_naming_its_status_and_nothing_is_stored(client, co, bills):
    c, _b1, b2 = bills
    service.post_bill(b2.id)
    draft = _bill(c.id, date(2025, 10, 31), [("3.01", "200")], certify=False)
    r = client.get(f"/api/v1/contracts/bills/{draft.id}/pdf?lang=en")
    j = r.json()
    assert r.status_code == 409 and j["code"] == "contracts.bill_not_printable" and j["field"] == "status"
    assert draft.number in j["message"] and "draft" in j["message"]
    assert j["message_bn"] and "খসড়া" in j["message_bn"] and to_bangla_digits(draft.number) in j["message_bn"]
    assert _docs(client, draft.id) == []
    page = client.get(f"/contracts/bills/{draft.id}/ra-bill.pdf?lang=bn")  # the page shows the refusal in Bangla
    assert page.status_code == 422 and "শুধু প্রত্যয়িত বা পোস্ট করা বিল ছাপা যায়" in page.text
    assert _docs(client, draft.id) == []
    bad = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=fr").json()
    assert bad["code"] == "contracts.lang_unknown" and bad["field"] == "lang"
    with pytest.raises(Conflict):  # the service refuses the same way
        service.bill_pdf(draft.id, "bn")


def test_a_reversed_bill_is_no_longer_printed(client, co, bills):
    _c, _b1, b2 = bills
    service.post_bill(b2.id)
    service.reverse_bill(b2.id, RaBillReversalInput(reversal_date=date(2025, 10, 1)))
    r = client.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=bn")
    j = r.json()
    assert r.status_code == 409 and j["code"] == "contracts.bill_not_printable" and j["details"]["status"] == "reversed"
    assert "রিভার্স" in j["message_bn"] and _docs(client, b2.id) == []
    assert "ra-bill.pdf" not in client.get(f"/contracts/bills/{b2.id}?lang=bn").text


def test_who_may_print_a_bill(db, admin, co, bills):
    """Reading contracts prints a bill, the first copy too (contracts `uses` documents' generation and files'
    reading; nested module calls keep its grants); a user without contracts' permission gets 403, whatever
    documents permissions they hold."""
    _c, _b1, b2 = bills
    reader = replace(admin, permissions=frozenset({"contracts.contract.read"}), actor="reader@test")
    outsider = replace(admin, permissions=frozenset({"documents.document.create", "documents.document.view",
                                                     "files.file.view"}), actor="outsider@test")
    with context.acting_as(reader):
        printed = service.bill_pdf(b2.id, "en")
        assert service.bill_pdf(b2.id, "en").document_id == printed.document_id
    assert printed.bill_number == b2.number and b2.number in text_of(printed.content)
    with context.acting_as(outsider), pytest.raises(PermissionDenied):
        service.bill_pdf(b2.id, "en")
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: outsider])
    with TestClient(app) as c:
        r = c.get(f"/api/v1/contracts/bills/{b2.id}/pdf?lang=en")
        assert r.status_code == 403
        assert c.get(f"/contracts/bills/{b2.id}/ra-bill.pdf?lang=en").status_code == 403


@pytest.mark.parametrize("lang, link", [("en", "RA bill (PDF)"), ("bn", "চলতি বিল (পিডিএফ)")])
def test_the_bill_page_links_its_pdf(client, co, bills, lang, link):
    c, b1, b2 = bills
    for b in (b1, b2):  # posted and certified
        page = client.get(f"/contracts/bills/{b.id}?lang={lang}").text
        assert link in page and f"/contracts/bills/{b.id}/ra-bill.pdf?lang={lang}" in page
        assert "<section" not in page.split("</title>")[0]  # the page's title is the bill, not its receipts
    other = "bn" if lang == "en" else "en"
    assert f"/contracts/bills/{b2.id}/ra-bill.pdf?lang={other}" in page
    service.post_bill(b2.id)
    draft = _bill(c.id, date(2025, 10, 31), [("3.01", "200")], certify=False)
    assert "ra-bill.pdf" not in client.get(f"/contracts/bills/{draft.id}?lang={lang}").text
