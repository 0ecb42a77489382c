"""Company inside tenant: a document made in one company (and the files attached in it) is not seen
from another company of the same tenant; each company numbers its own vouchers and prints its own
letterhead."""

from __future__ import annotations

import dataclasses

import pytest

from vextrus.modules.documents import service
from vextrus.modules.files import service as files
from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.errors import NotFound
from vextrus.platform.ids import new_id

VOUCHER = {"voucher_date": "2026-04-01", "payee": "Rupali Bricks", "lines": [
    {"account_code": "5110", "account_name": "Bricks", "amount": "80000"}]}


def test_documents_and_files_stay_in_their_company(db, admin):
    a = organization.create_company(organization.CompanyInput(code=f"A{new_id().hex[-6:]}".upper(), name="Alpha Ltd."))
    b = organization.create_company(organization.CompanyInput(code=f"B{new_id().hex[-6:]}".upper(), name="Beta Ltd."))
    in_a, in_b = dataclasses.replace(admin, company_id=a.id), dataclasses.replace(admin, company_id=b.id)
    with context.acting_as(in_a):
        doc = service.generate("payment_voucher", "en", VOUCHER)
        scan = files.attach("documents.document", doc.id, "scan.pdf", [b"%PDF-1.4 signed scan"])
    with context.acting_as(in_b):
        assert service.list_documents() == []
        with pytest.raises(NotFound):
            service.get_document(doc.id)
        assert files.list_files("documents.document", doc.id) == []
        with pytest.raises(NotFound):
            files.open_version(scan.id)
        own = service.generate("payment_voucher", "en", VOUCHER)
    assert doc.number == own.number == "PV/2025-26/000001"  # each company numbers its own
    with context.acting_as(in_b):
        assert service.pdf_bytes(own.id)[0].id == own.id
    assert service.letterhead(b.id)["name"] == "Beta Ltd."
