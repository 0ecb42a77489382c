"""No query a party in invoicing's lists and reports (review of stop 40): the advances list and the aging name
their parties from one read of master data, so ten parties take no more statements than two. Both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal as D
from typing import Any

from statement_count import counting
from vextrus.modules.invoicing import service
from vextrus.modules.invoicing.schemas import AdvanceInput, InvoiceLineInput
from vextrus.modules.master_data import api as master_data_api
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform import runtime


def _statements(rt: runtime.Runtime, read: Callable[[], Any]) -> tuple[int, Any]:
    with counting(rt) as seen:
        out = read()
    return len(seen), out


RIVERS = ("Padma", "Meghna", "Jamuna", "Teesta", "Surma", "Rupsha", "Karnaphuli", "Madhumati", "Dhaleshwari", "Gorai")


def _clients(n: int, offset: int = 0) -> list:
    return [master_data.create_party(PartyInput(legal_name=f"{RIVERS[i]} Housing Ltd.", legal_name_bn=f"{RIVERS[i]} হাউজিং",
                                                roles=["customer"])).id for i in range(offset, offset + n)]


def _advance(co, party_id, day: int) -> None:
    service.record_advance(AdvanceInput(company_id=co.company_id, kind="sales", party_id=party_id,
                                        paid_on=date(2025, 8, day), amount=D("50000.00"), method="bank_transfer",
                                        reference=f"BEFTN-{day:02d}"))


def _sale(co, invoice, party_id) -> None:
    data = invoice(co, "sales", lines=[InvoiceLineInput(description="Flat booking money instalment", quantity=D(1),
                                                        unit_price=D("100000.00"), vat_code="VAT15")], party_id=party_id)
    service.post_invoice(service.create_invoice(data).id)


def test_the_advances_list_and_the_aging_name_their_parties_in_one_read(db, co, invoice) -> None:
    few = _clients(2)
    for i, pid in enumerate(few):
        _advance(co, pid, i + 1)
        _sale(co, invoice, pid)
    list_two, two = _statements(db, lambda: service.list_advances(co.company_id, kind="sales"))
    aging_two, aged_two = _statements(db, lambda: service.aging(co.company_id, "sales", date(2025, 12, 31)))
    for i, pid in enumerate(_clients(8, offset=2)):
        _advance(co, pid, i + 3)
        _sale(co, invoice, pid)
    list_ten, ten = _statements(db, lambda: service.list_advances(co.company_id, kind="sales"))
    aging_ten, aged_ten = _statements(db, lambda: service.aging(co.company_id, "sales", date(2025, 12, 31)))
    assert (len(two), len(ten)) == (2, 10)
    assert {a.party_name for a in ten} == {f"{r} Housing Ltd." for r in RIVERS}  # every row still named
    assert {r.party_name_bn for r in aged_ten.rows} >= {f"{r} হাউজিং" for r in RIVERS}
    assert len(aged_ten.rows) >= len(aged_two.rows) + 8
    print(f"{db.engine.dialect.name}: advances list {list_two} → {list_ten}, aging {aging_two} → {aging_ten} statements")
    assert list_ten == list_two, f"advances list: {list_two} statements for 2 parties, {list_ten} for 10"
    assert aging_ten == aging_two, f"aging: {aging_two} statements for 2 parties, {aging_ten} for 10"


def test_parties_summary_answers_many_ids_and_leaves_unknown_ones_out(db, co) -> None:
    from uuid import uuid4

    ids = _clients(3)
    stranger = uuid4()
    got = master_data_api.parties_summary([*ids, stranger, ids[0]])
    assert set(got) == set(ids)
    assert [got[i].legal_name for i in ids] == ["Padma Housing Ltd.", "Meghna Housing Ltd.", "Jamuna Housing Ltd."]
    assert all(got[i].roles == ["customer"] for i in ids)
    assert master_data_api.parties_summary([]) == {}
