"""Parties: validation, vendor workflow, compliance expiry, duplicates and merging."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.master_data.domain import (
    Address,
    BankAccount,
    ComplianceDocument,
    Contact,
    InvalidTransitionError,
    MasterDataError,
    MatchReason,
    MobileWallet,
    Party,
    PaymentTerms,
    VendorStatus,
    documents_expiring,
    find_duplicates,
    name_similarity,
    normalise_mobile,
    normalise_name,
    plan_merge,
    transition_vendor,
)

D = Decimal


def vendor(**kw):
    base = dict(legal_name="Rahim Traders Ltd.", party_type="company", roles={"vendor"})
    base.update(kw)
    return Party(**base)


def customer(**kw):
    base = dict(legal_name="Karim Builders", party_type="company", roles={"customer"})
    base.update(kw)
    return Party(**base)


def test_party_normalises_identifiers_and_collects_flags():
    p = vendor(
        tin="১২৩৪-৫৬৭৮-৯০১২",
        bin="123456789",
        mobile="01712-345678",
        trade_licence=" 0123/2024 ",
        trade_licence_authority="DNCC",
    )
    assert (p.tin, p.bin, p.mobile, p.trade_licence) == (
        "123456789012",
        "123456789",
        "+8801712345678",
        "0123/2024",
    )
    assert "bin_legacy_9_digit" in p.flags
    assert p.vendor_status is VendorStatus.PENDING


def test_party_rejects_bad_identifier_with_its_field():
    with pytest.raises(MasterDataError) as info:
        vendor(tin="12345")
    assert info.value.field == "tin"


def test_party_needs_name_and_role():
    with pytest.raises(MasterDataError) as info:
        vendor(legal_name="  ")
    assert info.value.field == "legal_name"
    with pytest.raises(MasterDataError) as info:
        vendor(roles=set())
    assert info.value.field == "roles"


def test_credit_limit_only_for_customers_and_never_negative():
    assert customer(credit_limit=D("1500000.00")).credit_limit == D("1500000.00")
    with pytest.raises(MasterDataError) as info:
        vendor(credit_limit=D("1000"))
    assert info.value.field == "credit_limit"
    with pytest.raises(MasterDataError):
        customer(credit_limit=D("-1"))
    with pytest.raises(MasterDataError):
        customer(credit_limit=1000.0)


def test_vendor_categories_and_status_only_for_vendors():
    v = vendor(vendor_categories={"supplier", "transporter"})
    assert {c.value for c in v.vendor_categories} == {"supplier", "transporter"}
    with pytest.raises(MasterDataError):
        customer(vendor_categories={"supplier"})
    with pytest.raises(MasterDataError):
        customer(vendor_status="approved")
    for unknown in ("plumber", ""):  # a user's mistake named by its field, never a crash (an API fuzzer sent "")
        with pytest.raises(MasterDataError) as e:
            vendor(vendor_categories=[unknown])
        assert (e.value.code, e.value.field) == ("master_data.invalid_choice", "vendor_categories[0]")
        assert "supplier" in e.value.details["allowed"]


def test_retention_percent_range():
    assert vendor(retention_percent=D("5")).retention_percent == D(5)
    for bad in (D("-0.01"), D("100.01")):
        with pytest.raises(MasterDataError):
            vendor(retention_percent=bad)


def test_bank_account_routing_number_validated():
    acct = BankAccount("Sonali Bank", "Rahim Traders", "0012 3456 789", "২০০ ২৬ ১২৩ ৪")
    assert (acct.routing_number, acct.account_number) == ("200261234", "00123456789")
    with pytest.raises(MasterDataError) as info:
        BankAccount("Sonali Bank", "Rahim Traders", "1", "12345")
    assert info.value.field == "bank_accounts.routing_number"


def test_wallets_and_contacts_use_bd_mobiles():
    w = MobileWallet("bkash", "01812345678")
    assert w.number == "+8801812345678"
    with pytest.raises(MasterDataError) as info:
        MobileWallet("nagad", "12345")
    assert info.value.field == "wallets.number"
    with pytest.raises(ValueError):
        MobileWallet("paypal", "01812345678")
    c = Contact("  Abdul Karim ", mobile="+880 1912-345678", email=" Karim@Example.COM ")
    assert (c.name, c.mobile, c.email) == ("Abdul Karim", "+8801912345678", "karim@example.com")
    with pytest.raises(MasterDataError):
        Contact("X", email="not-an-email")


def test_payment_terms_due_date_and_range():
    assert PaymentTerms(45).due_date(date(2025, 6, 20)) == date(2025, 8, 4)
    with pytest.raises(MasterDataError):
        PaymentTerms(-1)


# --- vendor workflow -----------------------------------------------------------


def test_vendor_happy_path_and_reinstatement():
    v = transition_vendor(vendor(), "approved")
    assert v.can_receive_orders()
    s = transition_vendor(v, VendorStatus.SUSPENDED, "Late deliveries on Project A")
    assert s.vendor_status is VendorStatus.SUSPENDED and s.status_reason == "Late deliveries on Project A"
    assert not s.can_receive_orders()
    back = transition_vendor(s, "approved")
    assert back.vendor_status is VendorStatus.APPROVED and back.status_reason is None


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), "suspended"),  # pending cannot be suspended
        ((), "blacklisted"),
        ((), "pending"),
        ((("approved", None),), "pending"),
        ((("approved", None), ("blacklisted", "fraud")), "approved"),  # final
        ((("approved", None), ("blacklisted", "fraud")), "suspended"),
    ],
)
def test_invalid_vendor_transitions_raise(path, target):
    v = vendor()
    for status, reason in path:
        v = transition_vendor(v, status, reason)
    with pytest.raises(InvalidTransitionError) as info:
        transition_vendor(v, target, "reason")
    assert info.value.code == "master_data.invalid_vendor_transition"
    assert info.value.details["to"] == target


@pytest.mark.parametrize("target", ["suspended", "blacklisted"])
def test_sanctions_need_a_reason(target):
    v = transition_vendor(vendor(), "approved")
    with pytest.raises(InvalidTransitionError) as info:
        transition_vendor(v, target, "   ")
    assert info.value.field == "status_reason"


def test_customers_have_no_vendor_workflow():
    with pytest.raises(InvalidTransitionError):
        transition_vendor(customer(), "approved")


# --- compliance documents -----------------------------------------------------------

TODAY = date(2025, 6, 1)
DOCS = (
    ComplianceDocument("trade_licence", "TL-1", expires_on=date(2025, 6, 30)),
    ComplianceDocument("vat_registration", "BIN-1", expires_on=date(2025, 9, 1)),
    ComplianceDocument("tin_certificate", "TIN-1"),  # never expires
    ComplianceDocument("trade_licence", "TL-OLD", expires_on=date(2025, 5, 1)),
)


def test_documents_expiring_within_window_soonest_first():
    found = documents_expiring(DOCS, TODAY, 30)
    assert [d.number for d in found] == ["TL-OLD", "TL-1"]
    assert [d.number for d in documents_expiring(DOCS, TODAY, 30, include_expired=False)] == ["TL-1"]
    assert [d.number for d in documents_expiring(DOCS, TODAY, 92)] == ["TL-OLD", "TL-1", "BIN-1"]
    assert documents_expiring(DOCS, TODAY, 28, include_expired=False) == []
    assert vendor(compliance_documents=DOCS).expiring_documents(TODAY, 29)[-1].number == "TL-1"


def test_document_cannot_expire_before_issue():
    with pytest.raises(MasterDataError):
        ComplianceDocument("trade_licence", "X", issued_on=date(2025, 1, 2), expires_on=date(2025, 1, 1))


# --- duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rahim Traders Ltd.", "M/S Rahim Traders Limited"),
        ("ABC Construction (Pvt.) Ltd", "abc construction"),
        ("রহিম ট্রেডার্স লিমিটেড", "মেসার্স রহিম ট্রেডার্স"),
        ("Rahim & Sons", "Rahim and Sons Co."),
    ],
)
def test_name_normalisation_ignores_legal_form(a, b):
    assert normalise_name(a) == normalise_name(b)
    assert name_similarity(a, b) == 1.0


def test_name_similarity_separates_different_firms():
    assert name_similarity("Rahim Traders", "Rahim Tradres") > 0.85  # typo
    assert name_similarity("Rahim Traders", "Karim Steel Mills") < 0.6


def test_exact_identifier_matches():
    existing = [
        vendor(id="1", legal_name="Alpha", tin="123456789012"),
        vendor(id="2", legal_name="Beta", bin="0001234560101"),
        vendor(id="3", legal_name="Gamma", nid="1234567890"),
        vendor(id="4", legal_name="Delta", contacts=(Contact("X", mobile="01912345678"),)),
        vendor(id="5", legal_name="Epsilon", bin="0001234560202"),
        vendor(id="6", legal_name="Zeta"),
    ]
    cand = customer(
        legal_name="Omega",
        tin="1234 5678 9012",
        bin="000123456-0101",
        nid="১২৩৪৫৬৭৮৯০",
        mobile="+880 1912 345678",
    )
    found = {m.party.id: m for m in find_duplicates(cand, existing)}
    assert found["1"].reasons == (MatchReason.TIN,)
    assert found["2"].reasons == (MatchReason.BIN,)
    assert found["3"].reasons == (MatchReason.NID,)
    assert found["4"].reasons == (MatchReason.MOBILE,)
    assert found["5"].reasons == (MatchReason.BIN_REGISTRATION,)
    assert "6" not in found
    assert all(m.exact for m in found.values())


def test_similar_names_found_and_ranked_after_exact():
    existing = [
        vendor(id="1", legal_name="M/S Rahim Traders"),
        vendor(id="2", legal_name="Rahim Steel"),
        vendor(id="3", legal_name="Unrelated Co", tin="123456789012"),
    ]
    cand = vendor(legal_name="Rahim Traders Limited", tin="123456789012")
    matches = find_duplicates(cand, existing)
    assert [m.party.id for m in matches] == ["3", "1"]
    assert matches[1].reasons == (MatchReason.SIMILAR_NAME,) and not matches[1].exact
    assert find_duplicates(cand, existing, name_threshold=1.01)[0].party.id == "3"


def test_bangla_names_compared_with_bangla():
    existing = [vendor(id="1", legal_name="Rahim Traders", legal_name_bn="রহিম ট্রেডার্স লিঃ")]
    cand = vendor(legal_name="R. T. Enterprise", legal_name_bn="রহিম ট্রেডার্স")
    assert [m.party.id for m in find_duplicates(cand, existing)] == ["1"]


def test_trade_licence_match_needs_same_authority():
    a = vendor(id="1", legal_name="A", trade_licence="123/24", trade_licence_authority="DNCC")
    b = vendor(id="2", legal_name="B", trade_licence="123/24", trade_licence_authority="Savar Pourashava")
    cand = vendor(legal_name="C", trade_licence="123/24", trade_licence_authority="dncc")
    assert [m.party.id for m in find_duplicates(cand, [a, b])] == ["1"]


def test_party_is_not_its_own_duplicate():
    p = vendor(id="1", tin="123456789012")
    assert find_duplicates(p, [p]) == []


# --- merge ----------------------------------------------------------------------


def test_merge_plan_survivor_wins_duplicate_fills_gaps_lists_union():
    acct = BankAccount("Sonali Bank", "Rahim", "111", "200261234")
    surv = vendor(
        id="S",
        tin="123456789012",
        mobile="01712345678",
        bank_accounts=(acct,),
        vendor_categories={"supplier"},
        retention_percent=D("5"),
    )
    dup = customer(
        id="X",
        legal_name="Rahim Traders",
        bin="0001234560101",
        mobile="01812345678",
        credit_limit=D("200000"),
        bank_accounts=(
            BankAccount("Sonali Bank", "Rahim", "1 1 1", "200261234"),
            BankAccount("BRAC Bank", "Rahim", "222", "060261234"),
        ),
        contacts=(Contact("Abdul", mobile="01912345678"),),
    )
    plan = plan_merge(surv, dup)
    r = plan.result
    assert r.id == "S" and plan.duplicate_id == "X"
    assert r.legal_name == "Rahim Traders Ltd." and r.tin == "123456789012" and r.bin == "0001234560101"
    assert r.mobile == "+8801712345678"
    assert {x.account_number for x in r.bank_accounts} == {"111", "222"}
    assert len(r.contacts) == 1
    assert r.is_customer and r.is_vendor and r.credit_limit == D("200000")
    decisions = {d.field: d for d in plan.decisions}
    assert decisions["bin"].source == "duplicate" and not decisions["bin"].conflict
    assert decisions["mobile"].conflict and decisions["legal_name"].conflict
    assert not plan.requires_review  # no identifier disagrees


def test_merge_with_conflicting_tin_requires_review():
    plan = plan_merge(vendor(id="1", tin="123456789012"), vendor(id="2", tin="999999999999"))
    assert plan.requires_review
    assert plan.result.tin == "123456789012"


def test_merge_never_lifts_a_sanction():
    ok = transition_vendor(vendor(id="1"), "approved")
    bad = transition_vendor(transition_vendor(vendor(id="2"), "approved"), "blacklisted", "Fake BIN")
    plan = plan_merge(ok, bad)
    assert plan.result.vendor_status is VendorStatus.BLACKLISTED
    assert plan.result.status_reason == "Fake BIN"
    assert plan_merge(bad, ok).result.vendor_status is VendorStatus.BLACKLISTED


def test_merge_keeps_trade_licence_with_its_authority():
    a = vendor(id="1")
    b = vendor(id="2", trade_licence="55/2024", trade_licence_authority="Gazipur City Corporation")
    r = plan_merge(a, b).result
    assert (r.trade_licence, r.trade_licence_authority) == ("55/2024", "Gazipur City Corporation")


def test_party_keeps_addresses():
    p = vendor(addresses=(Address("Plot 5, Tongi", district="Gazipur", kind="site"),))
    assert p.addresses[0].kind == "site"


# --- property: mobile normalisation ----------------------------------------------------

_BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")


@st.composite
def typed_mobiles(draw):
    prefix = draw(st.sampled_from(["013", "014", "015", "016", "017", "018", "019"]))
    rest = draw(st.text("0123456789", min_size=8, max_size=8))
    local = prefix + rest
    form = draw(st.sampled_from(["{}", "88{}", "+88{}", "0088{}", "+88 {}", "+880{}"]))
    text = form.format(local if form != "+880{}" else local[1:])
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + draw(st.sampled_from([" ", "-", " - "])) + text[cut:]
    if draw(st.booleans()):
        text = text.translate(_BN)
    return text, "+88" + local


@given(typed_mobiles())
def test_mobile_normalisation_idempotent_and_correct(case):
    raw, expected = case
    once = normalise_mobile(raw)
    assert once == expected
    assert normalise_mobile(once) == once


@given(st.text(max_size=20))
def test_mobile_normalisation_idempotent_on_any_text(raw):
    try:
        once = normalise_mobile(raw)
    except MasterDataError:
        return
    assert normalise_mobile(once) == once
    assert once.startswith("+8801") and len(once) == 14
