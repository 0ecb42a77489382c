"""A company created in the organization module gets its finance book, once."""

from vextrus.modules.finance import service
from vextrus.modules.organization import api as org


def test_new_company_gets_its_book_with_the_construction_chart(db, tenant_id, admin):
    c = org.create_company(org.CompanyInput(code="MEG", name="Meghna Homes Ltd."))
    db.relay.drain()
    book = service.book_view(c.id)
    assert (book.code, book.company_id) == ("MEG", c.id)
    codes = {a.code for a in service.list_accounts(c.id)}
    assert {"1150", "2142", "1131"} <= codes  # input VAT, VDS payable, retention receivable
    db.relay.drain()  # nothing left to deliver: still one book
    assert [b.code for b in service.list_books()] == ["MEG"]


def test_a_book_kept_under_the_company_code_becomes_the_company_book(db, tenant_id, admin):
    service.ensure_book("JMN", "Jamuna (imported)")
    c = org.create_company(org.CompanyInput(code="JMN", name="Jamuna Ltd."))
    db.relay.drain()
    assert [(b.code, b.company_id) for b in service.list_books()] == [("JMN", c.id)]
