"""Generating documents on both databases: numbered per fiscal year, rendered with the company's
letterhead, stored as an immutable file with the hash of their data, verifiable, and refused with the
field named when the data is wrong or the user may not generate."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import update

from vextrus.modules.documents import service
from vextrus.modules.documents.domain.hashing import data_hash
from vextrus.modules.documents.tables import Document
from vextrus.modules.files import service as files
from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import Conflict, DomainError, PermissionDenied
from vextrus.platform.ids import new_id

VOUCHER = {"voucher_date": "2026-01-15", "payee": "মেঘনা সিমেন্ট", "pay_mode": "cash", "narration": "সিমেন্ট ক্রয়",
           "lines": [{"account_code": "5110", "account_name": "Materials", "amount": "100000.00"},
                     {"account_code": "5150", "account_name": "Carriage", "amount": "25000"}]}


@pytest.fixture
def company(db, admin):
    return organization.create_company(organization.CompanyInput(
        code=f"C{new_id().hex[-6:]}".upper(), name="Padma Builders Ltd.", name_bn="পদ্মা বিল্ডার্স লিমিটেড",
        bin="000123456-0101", address="Dhanmondi, Dhaka"))


def text_of(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is installed by scripts/test")
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                    .stdout.decode().split())


def test_generate_numbers_renders_stores_and_verifies(db, admin, company):
    en = service.generate("payment_voucher", "en", VOUCHER)
    bn = service.generate("payment_voucher", "bn", VOUCHER)
    assert (en.number, bn.number) == ("PV/2025-26/000001", "PV/2025-26/000002")
    july = service.generate("payment_voucher", "en", {**VOUCHER, "voucher_date": "2026-07-01"})
    assert july.number == "PV/2026-27/000001"  # a new fiscal year starts in July
    assert en.data_hash == bn.data_hash == data_hash(en.data)
    doc, pdf = service.pdf_bytes(en.id)
    assert hashlib.sha256(pdf).hexdigest() == doc.pdf_sha256
    words = text_of(pdf)
    assert "Padma Builders Ltd." in words and "PV/2025-26/000001" in words
    assert "One lakh twenty-five thousand taka only" in words and en.data_hash in words
    bangla = text_of(service.pdf_bytes(bn.id)[1])
    assert "পদ্মা বিল্ডার্স লিমিটেড" in bangla and "এক লক্ষ পঁচিশ হাজার টাকা মাত্র" in bangla
    assert service.verify(en.id, en.data_hash[:16]).genuine
    assert [d.number for d in service.list_documents("payment_voucher")][:1] == ["PV/2026-27/000001"]


def test_the_stored_pdf_cannot_be_changed_or_deleted(db, admin, company):
    doc = service.generate("payment_voucher", "en", VOUCHER)
    with pytest.raises(Conflict) as refused:
        files.delete_file(doc.file_id)
    assert refused.value.code == "file_immutable"
    with pytest.raises(Conflict):
        files.add_version(doc.file_id, "other.pdf", [b"%PDF-1.4 other"])
    stored = files.list_files("documents.document", doc.id)
    assert [f.immutable for f in stored] == [True]


def test_verification_notices_changed_data(db, admin, company):
    doc = service.generate("payment_voucher", "en", VOUCHER)
    assert not service.verify(doc.id, "0000000000000000").genuine  # a QR code from another document
    with db.session_factory.begin() as s:  # someone edits the stored data behind the application's back
        s.execute(update(Document).where(Document.id == doc.id)
                  .values(data={**doc.data, "payee": "Someone else"}).execution_options(synchronize_session=False))
    result = service.verify(doc.id)
    assert not result.genuine and result.reason == "data_changed"
    assert service.verify(new_id()).reason == "not_found"


def test_bad_data_and_missing_rights_are_refused(db, admin, tenant_id, company):
    with pytest.raises(DomainError) as bad:
        service.generate("payment_voucher", "en", {**VOUCHER, "lines": [{**VOUCHER["lines"][0], "amount": "-5"}]})
    assert bad.value.field == "lines[0].amount"
    with pytest.raises(DomainError) as lang:
        service.generate("payment_voucher", "fr", VOUCHER)
    assert lang.value.code == "language_unknown"
    with pytest.raises(DomainError) as kind:
        service.generate("no_such_type", "en", VOUCHER)
    assert kind.value.code == "document_type_unknown"
    viewer = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="viewer@test",
                                    permissions=frozenset({"documents.document.view", "documents.template.view"}))
    with context.acting_as(viewer):
        with pytest.raises(PermissionDenied):
            service.generate("payment_voucher", "en", VOUCHER)
        assert service.sample_pdf("payment_voucher", "bn").startswith(b"%PDF")


def test_a_site_engineer_generates_without_any_files_or_organization_right(db, admin, tenant_id, company):
    """Storing the PDF and reading the letterhead are the documents module's calls, not the user's."""
    clerk = context.RequestContext(tenant_id=tenant_id, user_id=new_id(), actor="clerk@test",
                                   permissions=frozenset({"documents.document.create", "documents.document.view"}))
    with context.acting_as(clerk):
        doc = service.generate("payment_voucher", "bn", VOUCHER)
        assert service.pdf_bytes(doc.id)[1].startswith(b"%PDF")
    assert doc.doc_date == date(2026, 1, 15)


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftocairo"),
                    reason="zbar-tools and poppler-utils are installed by scripts/test")
def test_the_qr_code_on_the_page_decodes_to_the_verification_link(db, admin, company, monkeypatch):
    monkeypatch.setattr(db.settings, "base_url", "https://erp.padma.example")
    doc = service.generate("payment_voucher", "bn", VOUCHER)
    _, pdf = service.pdf_bytes(doc.id)
    png = subprocess.run(["pdftocairo", "-r", "200", "-png", "-singlefile", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout  # a scan of the printed page
    decoded = subprocess.run(["zbarimg", "-q", "--raw", "-"], input=png, capture_output=True).stdout.decode().strip()
    assert decoded == "https://erp.padma.example" + doc.verify_path
