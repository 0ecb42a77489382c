"""Subcontracts and subcontractor RA bills (the purchase side of RA billing) on both databases: an approved
VAT-registered brickwork subcontractor on the project's BOQ item at the subcontract rate plus a free item, its
mobilisation advance paid and recovered over two bills, each bill posted as one purchase journal (Dr 5120 / Cr
2111, 2120, 1140, 2150, 2142) equal to it to the poisha, reversal of the last bill, retention released (Dr 2120 /
Cr 2111); a subcontractor not approved refused with nothing stored; client-only readers (billed to date,
receivables, VAT supplies) leave subcontracts out; a hypothesis property on random measurements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vextrus.modules.contracts import api, domain, service
from vextrus.modules.contracts.schemas import (
    ContractAdvanceInput,
    ContractReleaseInput,
    RaBillInput,
    RaBillReversalInput,
    RaMeasureInput,
    RaReceiptInput,
    SubcontractInput,
    SubcontractItemInput,
)
from vextrus.modules.finance import service as finance
from vextrus.modules.master_data import service as master_data
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.platform.errors import Conflict, ValidationFailed
from vextrus.platform.money import ZERO, round_amount


def _vendor(name: str, approve: bool = True, bin_: str | None = "0001234560101", tin: str | None = "123456789012"):
    p = master_data.create_party(PartyInput(legal_name=name, legal_name_bn="বিসমিল্লাহ কনস্ট্রাকশন",
                                            roles=["vendor"], bin=bin_, tin=tin))
    if approve:
        master_data.change_vendor_status(p.id, "approved")
    return p


def _input(co, vendor_id, **kw) -> SubcontractInput:
    """Brickwork subcontract: BOQ 3.01 (300 m3) at 5,200.00 instead of the client's 8,000.00, and a free item
    (scaffolding and curing, 1,200 m2 at 85.50); retention 10 %, advance 2,00,000 recovered at 25 %."""
    base = dict(company_id=co.company_id, project_id=co.project_id, vendor_party_id=vendor_id, code="MGH/SC-01",
                title="Brickwork subcontract", title_bn="ইটের কাজের উপ-চুক্তি", contract_date=date(2025, 7, 20),
                retention_pct=D("10"), advance_amount=D("200000.00"), advance_recovery_pct=D("25"),
                items=[SubcontractItemInput(item_no="3.01", rate=D("5200.00")),
                       SubcontractItemInput(item_no="S.01", free=True, description="Scaffolding and curing",
                                            unit="m2", quantity=D("1200"), rate=D("85.50"))])
    return SubcontractInput(**{**base, **kw})


def _m(no: str, q: str | None = None, pct: str | None = None) -> RaMeasureInput:
    return RaMeasureInput(item_no=no, cumulative_quantity=D(q) if q else None, percent_complete=D(pct) if pct else None)


def _post(bill_id):
    b = service.certify_bill(bill_id)
    return service.post_bill(b.id, expected_version=b.version)


def _journal(co, entry_id) -> list[tuple[str, D, D]]:
    e = finance.get_entry(co.book, entry_id)
    assert sum(ln.debit for ln in e.lines) == sum(ln.credit for ln in e.lines)
    return sorted((ln.account_code, ln.debit, ln.credit) for ln in e.lines)


def _tb(co, as_of: date = date(2026, 6, 30)) -> dict[str, D]:
    """Each account's closing balance (debit positive), accounts at zero left out."""
    tb = finance.trial_balance(co.book, None, as_of)
    out = {ln.account_code: ln.closing_debit - ln.closing_credit for ln in tb.lines}
    return {k: v for k, v in out.items() if v}


def test_two_subcontractor_bills_posted_equal_the_ledger(db, co):
    """Worked by hand (S004.00 10 % from 2025-07-01, VAT and SD Act 2012 Third Schedule as amended by the Finance
    Ordinance 2025; the subcontract rates include VAT, so VDS = gross × 10 ÷ 110, s.49; AIT s.89 3 % on the base
    up to 50 lakh excluding that VAT, Source Tax Rules 2023):

    Value 300 × 5,200 = 15,60,000.00 + 1,200 × 85.50 = 1,02,600.00 = 16,62,600.00. Advance 2,00,000 paid
    2025-07-25 (Dr 1140 / Cr 1120).
    SC-01/RA-01 (2025-08-31): 3.01 to 120.5 m3 = 6,26,600.00; S.01 to 40 % = 480 m2 = 41,040.00; gross
      6,67,640.00. VDS 60,694.5454… = 60,694.55; AIT 3 % × (6,67,640 − 60,694.55 = 6,06,945.45) = 18,208.36;
      retention 66,764.00; advance 25 % = 1,66,910.00; net = 6,67,640 − 66,764 − 1,66,910 − 18,208.36
      − 60,694.55 = 3,55,063.09.
    RA-02 (2025-09-30): 3.01 to 300 = 15,60,000 − 6,26,600 = 9,33,400; S.01 to 100 % = 1,02,600 − 41,040 =
      61,560; gross 9,94,960.00. VDS 90,450.91; AIT 3 % × 9,04,509.09 = 27,135.27; retention 99,496.00;
      advance 25 % = 2,48,740 but only 33,090.00 outstanding; net = 7,44,787.82.
    Ledger: 5120 16,62,600.00 Dr; 2111 10,99,850.91 Cr; 2120 1,66,260.00 Cr; 2150 45,343.63 Cr; 2142
      1,51,145.46 Cr; 1140 0. Retention released 1,66,260 (Dr 2120 / Cr 2111): 2111 12,66,110.91 Cr, 2120 0.
    """
    v = _vendor("Bismillah Construction")
    sc = service.create_subcontract(_input(co, v.id))
    assert (sc.kind, sc.client_name, sc.contract_value, sc.vat_code) == ("subcontract", "Bismillah Construction",
                                                                          D("1662600.00"), "S004.00")
    assert [(i.item_no, i.unit, i.quantity, i.rate, i.amount, i.kind) for i in sc.items] == [
        ("3.01", "m3", D("300"), D("5200.00"), D("1560000.00"), "boq"),
        ("S.01", "m2", D("1200"), D("85.50"), D("102600.00"), "free")]
    adv = service.receive_advance(sc.id, ContractAdvanceInput(received_on=date(2025, 7, 25), amount=D("200000.00")))
    assert _journal(co, adv.movements[0].entry_id) == [("1120", D(0), D("200000.00")), ("1140", D("200000.00"), D(0))]

    b1 = service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 8, 31),
                                               measures=[_m("3.01", "120.5"), _m("S.01", pct="40")]))
    assert (b1.contract_kind, b1.gross, b1.vat, b1.vds_rate, b1.vds, b1.ait_rate, b1.ait, b1.retention,
            b1.advance_recovered, b1.net_payable) == (
        "subcontract", D("667640.00"), D(0), D("10"), D("60694.55"), D("3"), D("18208.36"), D("66764.00"),
        D("166910.00"), D("355063.09"))
    assert b1.deductions == b1.gross - b1.net_payable
    b1 = _post(b1.id)
    assert _journal(co, b1.entry_id) == [
        ("1140", D(0), D("166910.00")), ("2111", D(0), D("355063.09")), ("2120", D(0), D("66764.00")),
        ("2142", D(0), D("60694.55")), ("2150", D(0), D("18208.36")), ("5120", D("667640.00"), D(0))]
    assert finance.get_entry(co.book, b1.entry_id).journal_type == "purchase"

    b2 = service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 9, 30),
                                               measures=[_m("3.01", "300"), _m("S.01", pct="100")]))
    assert (b2.gross, b2.vds, b2.ait, b2.retention, b2.advance_recovered, b2.net_payable) == (
        D("994960.00"), D("90450.91"), D("27135.27"), D("99496.00"), D("33090.00"), D("744787.82"))
    b2 = _post(b2.id)
    bills = [b1, b2]
    tb = _tb(co)
    assert tb["5120"] == sum(b.gross for b in bills) == D("1662600.00")
    assert -tb["2111"] == sum(b.net_payable for b in bills) == D("1099850.91")
    assert -tb["2120"] == sum(b.retention for b in bills) == D("166260.00")
    assert -tb["2150"] == sum(b.ait for b in bills) == D("45343.63")
    assert -tb["2142"] == sum(b.vds for b in bills) == D("151145.46")
    assert "1140" not in tb  # the advance paid is recovered in full across the two bills
    c = service.get_contract(sc.id)
    assert (c.billed_to_date, c.retention_held, c.advance_recovered, c.advance_outstanding) == (
        D("1662600.00"), D("166260.00"), D("200000.00"), D(0))
    # a subcontractor's bill is a cost: no client figure counts it
    assert api.billed_to_date(co.project_id) == D(0)
    assert api.receivables(co.company_id, date(2025, 12, 31)) == []
    assert api.vat_supplies(co.company_id, date(2025, 7, 1), date(2025, 12, 31)) == []
    # the subcontractor is paid through payables, not received here
    with pytest.raises(Conflict) as e:
        service.record_receipt(b2.id, RaReceiptInput(received_on=date(2025, 10, 5), amount=D("1000.00")))
    assert (e.value.code, e.value.field) == ("contracts.subcontract_bill_no_receipt", "contract_kind")

    # retention released to the subcontractor
    rel = service.release_retention(sc.id, ContractReleaseInput(release_date=date(2026, 3, 31),
                                                                retention_amount=D("166260.00")))
    assert rel.retention_held == D(0)
    assert _journal(co, rel.movements[-1].entry_id) == [("2111", D(0), D("166260.00")), ("2120", D("166260.00"), D(0))]
    tb = _tb(co)
    assert -tb["2111"] == D("1266110.91") and "2120" not in tb
    with pytest.raises(ValidationFailed) as e:  # no more than is held
        service.release_retention(sc.id, ContractReleaseInput(release_date=date(2026, 3, 31),
                                                              retention_amount=D("0.01")))
    assert e.value.field == "retention_amount"


def test_reversing_the_last_subcontractor_bill(db, co):
    v = _vendor("Bismillah Construction")
    sc = service.create_subcontract(_input(co, v.id))
    service.receive_advance(sc.id, ContractAdvanceInput(received_on=date(2025, 7, 25), amount=D("200000.00")))
    b1 = _post(service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 8, 31), measures=[_m("3.01", "120.5")])).id)
    before = _tb(co)
    b2 = _post(service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 9, 30), measures=[_m("3.01", "200")])).id)
    with pytest.raises(Conflict) as e:
        service.reverse_bill(b1.id, RaBillReversalInput(reversal_date=date(2025, 10, 5)))
    assert e.value.code == "contracts.not_last_bill"
    r = service.reverse_bill(b2.id, RaBillReversalInput(reversal_date=date(2025, 10, 5)), expected_version=b2.version)
    assert r.status == "reversed" and r.reversal_entry_id is not None
    assert _tb(co) == before  # the ledger is back to RA-01's
    c = service.get_contract(sc.id)
    assert c.advance_recovered == b1.advance_recovered and c.items[0].billed_quantity == D("120.5")
    b3 = service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 10, 31), measures=[_m("3.01", "150")]))
    assert b3.number == "MGH/SC-01/RA-03" and b3.lines[0].previous_quantity == D("120.5")


def test_a_subcontractor_without_a_bin_has_no_vds_and_no_tin_pays_more_ait(db, co):
    v = _vendor("Karim Piling", bin_=None, tin=None)
    sc = service.create_subcontract(_input(co, v.id, advance_amount=D(0), advance_recovery_pct=D(0)))
    assert sc.vat_code == ""
    b = service.draft_bill(sc.id, RaBillInput(bill_date=date(2025, 8, 31), measures=[_m("3.01", "100")]))
    # 100 × 5,200 = 5,20,000; no VDS; AIT 3 % × 1.5 (no TIN) = 4.5 % = 23,400; retention 52,000
    assert (b.gross, b.vds, b.ait_rate, b.ait, b.retention, b.net_payable) == (
        D("520000.00"), D(0), D("4.5"), D("23400.00"), D("52000.00"), D("444600.00"))
    b = _post(b.id)
    assert _journal(co, b.entry_id) == [("2111", D(0), D("444600.00")), ("2120", D(0), D("52000.00")),
                                        ("2150", D(0), D("23400.00")), ("5120", D("520000.00"), D(0))]


def _count(co) -> int:
    return len(service.list_contracts(co.company_id).items)


@pytest.mark.parametrize("case", ["pending", "customer", "unknown", "blacklisted"])
def test_a_subcontractor_not_approved_is_refused_with_nothing_stored(db, co, case):
    from vextrus.platform.ids import new_id

    if case == "pending":
        vid = _vendor("Pending Works", approve=False).id
    elif case == "customer":
        vid = co.client_id
    elif case == "unknown":
        vid = new_id()
    else:
        vid = _vendor("Struck Off Ltd.").id
        master_data.change_vendor_status(vid, "blacklisted", reason="forged bank guarantee")
    n = _count(co)
    with pytest.raises(ValidationFailed) as e:
        service.create_subcontract(_input(co, vid))
    assert e.value.field == "vendor_party_id"
    assert e.value.code == ("contracts.vendor_unknown" if case == "unknown" else "master_data.vendor_not_approved")
    assert e.value.message_bn and _count(co) == n


def test_subcontract_items_refused(db, co):
    v = _vendor("Bismillah Construction")
    cases = [
        ([SubcontractItemInput(item_no="9.99", rate=D("10"))], "contracts.boq_item_unknown", "items[0].item_no"),
        ([SubcontractItemInput(item_no="3.01", rate=D("10"), quantity=D("301"))], "contracts.over_boq",
         "items[0].quantity"),
        ([SubcontractItemInput(item_no="S.01", rate=D("10"), quantity=D("5"), free=True)],
         "contracts.free_item_incomplete", "items[0].description"),
        ([], "contracts.items_missing", "items"),
    ]
    for its, code, field in cases:
        with pytest.raises(ValidationFailed) as e:
            service.create_subcontract(_input(co, v.id, items=its))
        assert (e.value.code, e.value.field) == (code, field)
    # a part of a BOQ item at the subcontract rate
    sc = service.create_subcontract(_input(co, v.id, items=[SubcontractItemInput(item_no="3.01", rate=D("5200.00"),
                                                                                 quantity=D("150"))],
                                           advance_amount=D(0), advance_recovery_pct=D(0)))
    assert (sc.items[0].quantity, sc.contract_value) == (D("150"), D("780000.00"))


def test_both_kinds_are_listed_and_filtered(db, co, contract_input):
    v = _vendor("Bismillah Construction")
    service.create_contract(contract_input(co))
    service.create_subcontract(_input(co, v.id))
    assert [(x.code, x.kind) for x in service.list_contracts(co.company_id).items] == [
        ("MGH/C-01", "client"), ("MGH/SC-01", "subcontract")]
    assert [x.code for x in service.list_contracts(co.company_id, kind="subcontract").items] == ["MGH/SC-01"]
    assert [x.code for x in service.list_contracts(co.company_id, kind="client").items] == ["MGH/C-01"]


# ---- property: any measurements, the journal balances and net = gross − deductions ----------------------


@st.composite
def _series(draw):
    qty = [draw(st.decimals(min_value=D("1"), max_value=D("5000"), places=2)) for _ in range(2)]
    rate = [draw(st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2)) for _ in range(2)]
    retention = draw(st.decimals(min_value=D(0), max_value=D(20), places=2))
    recovery = draw(st.decimals(min_value=D(0), max_value=D(100), places=2))
    steps = draw(st.lists(st.tuples(*(st.integers(0, 100) for _ in range(2))), min_size=1, max_size=5))
    on = draw(st.dates(min_value=date(2024, 7, 1), max_value=date(2026, 6, 30)))  # both S004.00 rates
    registered = draw(st.booleans())
    has_tin = draw(st.booleans())
    return qty, rate, retention, recovery, steps, on, registered, has_tin


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_series())
def test_property_subcontract_journal_balances_and_net_is_gross_less_deductions(case):
    """The pure domain and the tax module, as `draft_bill` and `post_bill` call them: for any series of
    measurements (percent complete per item), S004.00 VDS on either side of 2025-07-01 or none, AIT s.89 with or
    without TIN, each bill's purchase journal balances (debit 5120 = gross = Σ credits), credits 2111 the net
    payable, and net = gross − retention − advance recovered − AIT − VDS, each figure to the poisha; the advance
    is never over-recovered."""
    from vextrus.modules.tax import api as tax

    qty, rate, retention, recovery, steps, on, registered, has_tin = case
    items = [domain.Item(f"{i + 1}.01", "x", "m3", qty[i], rate[i]) for i in range(2)]
    value = domain.contract_value(items)
    advance = round_amount(value * D("0.1")) if recovery > 0 else ZERO
    terms = domain.Terms(retention, advance, recovery)
    previous: dict[str, D] = {}
    recovered = ZERO
    cum_pct = [0, 0]
    for k, step in enumerate(steps):
        cum_pct = [max(a, b) for a, b in zip(cum_pct, step, strict=True)]
        lines = domain.measured_lines(items, previous, [domain.Measure(it.item_no, percent_complete=D(p))
                                                        for it, p in zip(items, cum_pct, strict=True)])
        gross = domain.gross(lines)
        if gross <= 0:
            continue
        vds = tax.vds_for("S004.00", gross, ZERO, on).amount if registered else ZERO
        ait = tax.withholding_for("89", gross - vds, on, has_tin=has_tin).amount
        try:
            f = domain.figures(terms, gross, ZERO, ait, recovered, final=k == len(steps) - 1, vds=vds)
        except ValidationFailed as exc:
            assert exc.code == "contracts.net_negative"
            return
        rows = domain.subcontract_bill_journal(f)
        assert sum(r.debit for r in rows) == sum(r.credit for r in rows) == gross
        assert all(r.debit.as_tuple().exponent >= -2 and r.credit.as_tuple().exponent >= -2 for r in rows)
        credit = {r.account: r.credit for r in rows}
        assert credit.get("sub_payable", ZERO) == f.net_payable == (
            gross - f.retention - f.advance_recovered - f.ait - f.vds)
        assert f.retention == round_amount(gross * retention / 100)
        recovered += f.advance_recovered
        assert recovered <= advance
        previous = {ln.item_no: ln.cumulative_quantity for ln in lines}
