"""Account 2115 Goods received not invoiced (GRNI), both databases: a new book has it from the chart
template; a book made before it gets it from finance_0002 (once, under 2100, with its Bangla name), and a
book without the current-liabilities group is left alone."""

from __future__ import annotations

import importlib

from sqlalchemy import delete, select

from vextrus.modules.finance import service as finance
from vextrus.modules.finance.tables import Account
from vextrus.modules.organization import api as org

grni = importlib.import_module("vextrus.modules.finance.migrations.0002_grni_account")


def _grni(book: str):
    return next((a for a in finance.list_accounts(book) if a.code == "2115"), None)


def test_a_new_book_has_grni_under_current_liabilities(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    a = _grni("PBL")
    assert a is not None and (a.account_type, a.subtype, a.parent_code, a.is_group) == ("liability", "accrual",
                                                                                      "2100", False)
    assert a.name == "Goods received not invoiced (GRNI)" and a.name_bn and a.name_bn != a.name
    assert "grni" in a.tags


def test_the_migration_adds_grni_to_an_older_book_once(db, admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    book = finance.ensure_book("PBL", "Padma Builders Ltd.", c.id)
    finance.ensure_book("RAW", "Imported book", template=None)  # no chart: no 2100 group, nothing added
    pg = db.engine.dialect.name == "postgresql"
    with db.session_factory() as s:  # the book as it was before the chart had 2115
        s.execute(delete(Account).where(Account.book_id == book.id, Account.code == "2115"))
        s.commit()
    assert _grni("PBL") is None
    with db.session_factory() as s:
        assert grni.add_grni(s.connection(), pg) == 1
        assert grni.add_grni(s.connection(), pg) == 0  # idempotent
        s.commit()
    a = _grni("PBL")
    assert a is not None and (a.parent_code, a.subtype, a.version, a.name_bn) == ("2100", "accrual", 1,
                                                                                  grni.GRNI["name_bn"])
    with db.session_factory() as s:
        assert s.scalars(select(Account.code).where(Account.code == "2115")).all() == ["2115"]
