"""Word documents (python-docx) on both databases: a work order letter and a contract agreement summary,
opened again with python-docx — letterhead, exact Bangla (conjuncts, Bangla digits in dates and
amounts, amount in words), the items table and its total, the complex-script font on Bangla runs;
stored immutably with their data hash; downloadable as .docx; refused without the permission; a bad id
is a 404 in English and Bangla."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from fastapi.testclient import TestClient

from vextrus.modules.documents import service
from vextrus.modules.documents.docx_render import CONTENT_TYPE
from vextrus.modules.files import service as files
from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import DomainError, NotFound, PermissionDenied
from vextrus.platform.ids import new_id

ORDER = {"doc_date": "2026-01-15", "addressee": "মেসার্স রহমান কনস্ট্রাকশন", "address": "১২ কারওয়ান বাজার, ঢাকা",
         "subject": "ছাদ ঢালাই কাজের কার্যাদেশ", "project": "পদ্মা আবাসন",
         "body": "নিম্নবর্ণিত কাজের জন্য এই কার্যাদেশ দেওয়া হলো।\n\nকাজ মন্ত্রণালয় অনুমোদন সাপেক্ষে সম্পন্ন করতে হবে।",
         "items": [{"description": "ছাদ ঢালাই", "unit": "m3", "quantity": "10", "rate": "10000"},
                   {"description": "রড বাঁধাই", "unit": "kg", "quantity": "2000", "rate": "12.50"}],
         "signatory": "মো. করিম উদ্দিন", "designation": "প্রকল্প ব্যবস্থাপক"}
CONTRACT = {"doc_date": "2026-02-01", "addressee": "Dhaka Development Authority", "address": "Motijheel, Dhaka",
            "subject": "Construction of Mirpur office block", "contract_no": "DDA/W-17/2026",
            "project": "Mirpur office block", "retention_pct": "10", "advance": "250000",
            "items": [{"description": "Earthwork in excavation", "unit": "m3", "quantity": "4200", "rate": "350"},
                      {"description": "Foundation concrete", "unit": "m3", "quantity": "90", "rate": "11000"}]}


@pytest.fixture
def company(db, admin):
    return organization.create_company(organization.CompanyInput(
        code=f"W{new_id().hex[-6:]}".upper(), name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড",
        bin="000123456-0101", address="Dhanmondi, Dhaka"))


def _open(content: bytes):
    assert content[:2] == b"PK"
    return Docx(io.BytesIO(content))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_bangla_work_order_letter(db, admin, company):
    made = service.generate("work_order", "bn", ORDER)
    assert made.number == "WO/2025-26/000001" and made.output == "docx"
    doc, content = service.pdf_bytes(made.id, "docx")
    word = _open(content)
    texts = _texts(word)
    assert texts[:3] == ["পদ্মা বিল্ডার্স লিমিটেড", "Padma Builders Ltd.", "Dhanmondi, Dhaka · বিআইএন: ০০০১২৩৪৫৬০১০১"]
    assert "কার্যাদেশ" in texts
    assert "স্মারক নং: WO/2025-26/000001\tতারিখ: ১৫ জানুয়ারি ২০২৬" in texts
    assert "বিষয়: ছাদ ঢালাই কাজের কার্যাদেশ" in texts
    assert "কাজ মন্ত্রণালয় অনুমোদন সাপেক্ষে সম্পন্ন করতে হবে।" in texts  # ন্ত্র, reph, ি/ে
    # 10 × 10,000 + 2,000 × 12.50 = 1,25,000
    assert "কথায়: এক লক্ষ পঁচিশ হাজার টাকা মাত্র" in texts
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["ক্রমিক", "বিবরণ", "একক", "পরিমাণ", "দর", "টাকা"]
    assert [c.text for c in table.rows[2].cells] == ["২", "রড বাঁধাই", "kg", "২,০০০", "১২.৫০", "২৫,০০০.০০"]
    assert [c.text for c in table.rows[-1].cells] == ["", "মোট", "", "", "", "১,২৫,০০০.০০"]
    assert "পদ্মা বিল্ডার্স লিমিটেড পক্ষে" in texts and "মো. করিম উদ্দিন" in texts
    # every Bangla run names Noto Sans Bengali for complex scripts, its cs size and bn-BD
    runs = [r for p in word.paragraphs for r in p.runs if any("\u0980" <= ch <= "\u09ff" for ch in r.text)]
    assert len(runs) > 10
    for run in runs:
        rpr = run._r.rPr
        assert rpr.rFonts.get(qn("w:cs")) == "Noto Sans Bengali"
        assert rpr.find(qn("w:szCs")) is not None and rpr.find(qn("w:cs")) is not None
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "bn-BD"
    latin = word.paragraphs[1].runs[0]
    assert latin.font.name == "Liberation Sans" and latin._r.rPr.find(qn("w:lang")) is None
    # stored as an immutable file with the hashes recorded
    assert hashlib.sha256(content).hexdigest() == doc.pdf_sha256
    stored = files.get_file(doc.file_id)
    assert stored.name == "WO-2025-26-000001-bn.docx" and stored.versions[0].content_type == CONTENT_TYPE
    with pytest.raises(DomainError) as immutable:
        files.delete_file(doc.file_id)
    assert immutable.value.code == "file_immutable"
    assert service.verify(made.id, made.data_hash[:16]).genuine


def test_english_contract_summary_and_hashes(db, admin, company):
    a = service.generate("contract_summary", "en", CONTRACT)
    word = _open(service.pdf_bytes(a.id, "docx")[1])
    texts = _texts(word)
    assert texts[0] == "Padma Builders Ltd." and "Contract agreement summary" in texts
    assert "Ref. No.: CA/2025-26/000001\tDate: 1 February 2026" in texts
    parties = {r.cells[0].text: r.cells[1].text for r in word.tables[0].rows}
    # 4,200 × 350 + 90 × 11,000 = 24,60,000; retention 10 % = 2,46,000
    assert parties["Client"] == "Dhaka Development Authority" and parties["Contractor"] == "Padma Builders Ltd."
    assert parties["Contract value"] == "24,60,000.00" and parties["Retention"] == "10.00% = 2,46,000.00"
    assert parties["Advance"] == "2,50,000.00"
    assert [c.text for c in word.tables[1].rows[-1].cells] == ["", "Total", "", "", "", "24,60,000.00"]
    assert "In words: twenty-four lakh sixty thousand taka only" in texts
    # the same data renders to the same bytes (only the number differs between two documents)
    assert service.preview_pdf("contract_summary", "en", CONTRACT, "docx") == \
        service.preview_pdf("contract_summary", "en", CONTRACT, "docx")
    b = service.generate("contract_summary", "en", CONTRACT)
    assert b.data_hash == a.data_hash and b.number == "CA/2025-26/000002"
    changed = {**CONTRACT, "items": [{**CONTRACT["items"][0], "rate": "360"}, CONTRACT["items"][1]]}
    c = service.generate("contract_summary", "en", changed)
    assert c.data_hash != a.data_hash and c.pdf_sha256 not in (a.pdf_sha256, b.pdf_sha256)
    assert "Contract value" in [r.cells[0].text for r in _open(service.pdf_bytes(c.id, "docx")[1]).tables[0].rows]
    assert [r.cells[1].text for r in _open(service.pdf_bytes(c.id, "docx")[1]).tables[0].rows][4] == "25,02,000.00"
    with pytest.raises(NotFound) as wrong:
        service.pdf_bytes(a.id, "pdf")  # a Word document has no PDF
    assert wrong.value.code == "format_not_offered"


def test_refused_without_permission(db, admin, tenant_id, company):
    made = service.generate("work_order", "en", ORDER)
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="viewer@test",
                                    permissions=frozenset({"documents.template.view"}))
    with context.acting_as(viewer):
        with pytest.raises(PermissionDenied):
            service.generate("work_order", "en", ORDER)
        with pytest.raises(PermissionDenied):
            service.pdf_bytes(made.id, "docx")
        assert service.sample_pdf("contract_summary", "bn", "docx")[:2] == b"PK"


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    organization.create_company(organization.CompanyInput(code=f"D{new_id().hex[-6:]}".upper(),
                                                          name="Jamuna Builders", name_bn="যমুনা বিল্ডার্স"))
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        c.get("/documents")
        yield c


def test_word_over_rest_and_pages(client):
    made = client.post("/api/v1/documents/types/work_order?lang=bn", json=ORDER)
    assert made.status_code == 200, made.text
    doc = made.json()
    assert doc["output"] == "docx"
    got = client.get(f"/api/v1/documents/{doc['id']}/docx")
    assert got.status_code == 200 and got.headers["content-type"] == CONTENT_TYPE
    assert "WO-2025-26-000001-bn.docx" in got.headers["content-disposition"]
    assert hashlib.sha256(got.content).hexdigest() == doc["pdf_sha256"]
    assert _open(got.content).paragraphs[0].text == "যমুনা বিল্ডার্স"
    assert client.get(f"/api/v1/documents/{doc['id']}/pdf").status_code == 404
    page = client.get(f"/documents/{doc['id']}")
    assert page.status_code == 200 and f'href="/documents/{doc["id"]}/docx"' in page.text
    assert client.get(f"/documents/{doc['id']}/docx").headers["content-type"] == CONTENT_TYPE
    preview = client.get("/documents/types/contract_summary")
    assert "sample.docx?lang=bn" in preview.text and "sample.pdf" not in preview.text
    sample = client.get("/api/v1/documents/types/contract_summary/sample.docx?lang=bn")
    assert sample.status_code == 200 and "চুক্তির সারসংক্ষেপ" in _texts(_open(sample.content))
    missing = client.get(f"/api/v1/documents/{new_id()}/docx")
    assert missing.status_code == 404
    body = missing.json()
    assert body["code"] == "not_found" and "not found" in body["message"] and "পাওয়া যায়নি" in body["message_bn"]
    assert client.get(f"/api/v1/documents/{new_id()}/docx", headers={"Accept-Language": "bn"}).status_code == 404
