"""crm's pure rules: mobile/e-mail/NID normalisation (hypothesis: idempotent, every writing of a number
gives the same key), the opportunity stage machine and the tender status machine, errors in en and bn."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.crm import domain
from vextrus.modules.master_data.api import normalise_mobile as master_data_mobile
from vextrus.platform.errors import ValidationFailed

BN = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
numbers = st.builds(lambda op, rest: f"01{op}{rest}", st.sampled_from("3456789"),
                    st.text(alphabet="0123456789", min_size=8, max_size=8))


def writings(local: str) -> list[str]:
    """Ways people write the same number."""
    rest = local[1:]
    return [local, f"+88{local}", f"88{local}", f"0088{local}", f"+880 {rest[:4]}-{rest[4:]}",
            f"{local[:5]}-{local[5:]}", f"({local[:3]}) {local[3:7]} {local[7:]}", local.translate(BN),
            f"+৮৮{local.translate(BN)}", f" {local}.", f"+880{rest}"]


@settings(max_examples=200, deadline=None)
@given(numbers, st.data())
def test_every_writing_of_a_number_normalises_to_one_key_and_normalising_is_idempotent(local, data):
    key = domain.normalise_mobile(local)
    assert key == "+88" + local
    writing = data.draw(st.sampled_from(writings(local)))
    assert domain.normalise_mobile(writing) == key
    assert domain.normalise_mobile(key) == key  # idempotent
    assert master_data_mobile(writing) == key  # the same key master_data stores on a party


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20))
def test_anything_else_is_refused_with_the_field_or_is_a_number(raw):
    try:
        key = domain.normalise_mobile(raw, "lead.mobile")
    except ValidationFailed as exc:
        assert exc.field == "lead.mobile" and exc.code == "crm.mobile_invalid" and exc.message_bn != exc.message
    else:
        assert key.startswith("+8801") and len(key) == 14 and domain.normalise_mobile(key) == key


@pytest.mark.parametrize("raw", ["12345", "01212345678", "+91 9876543210", "০১৭১২", "abc", "017123456789"])
def test_bad_mobiles(raw):
    with pytest.raises(ValidationFailed) as bad:
        domain.normalise_mobile(raw)
    assert bad.value.field == "mobile" and "মোবাইল" in bad.value.message_bn


def test_email_and_nid():
    assert domain.normalise_email("  Rahim@Example.COM ") == "rahim@example.com"
    assert domain.normalise_nid("১২৩৪ ৫৬৭ ৮৯০") == "1234567890"
    for bad, fn, field in (("rahim@", domain.normalise_email, "email"), ("12345", domain.normalise_nid, "nid")):
        with pytest.raises(ValidationFailed) as exc:
            fn(bad)
        assert exc.value.field == field and exc.value.message_bn


def test_the_stage_machine():
    path = ["new", "contacted", "site_visit", "negotiation", "won"]
    for a, b in zip(path, path[1:], strict=False):
        assert domain.change_stage(a, b).to_stage == b
    assert domain.change_stage("negotiation", "site_visit").to_stage == "site_visit"
    assert domain.change_stage("contacted", "lost", " too far ").lost_reason == "too far"
    for current, to, reason, code, field in (
            ("new", "lost", None, "crm.lost_reason_missing", "lost_reason"),
            ("won", "lost", "x", "crm.stage_closed", "stage"),
            ("contacted", "won", None, "crm.stage_skip", "stage"),
            ("negotiation", "new", None, "crm.stage_back", "stage"),
            ("new", "new", None, "crm.stage_same", "stage"),
            ("new", "sold", None, "crm.stage_unknown", "stage")):
        with pytest.raises(ValidationFailed) as exc:
            domain.change_stage(current, to, reason)
        assert (exc.value.code, exc.value.field) == (code, field) and exc.value.message_bn != exc.value.message


def test_board_totals_are_money_per_stage():
    totals = domain.board_totals([("new", D("100.50")), ("new", D("0.50")), ("won", D("7"))])
    assert totals["new"].amount == D("101.00") and totals["lost"].amount == 0 and set(totals) == set(domain.STAGES)


def test_the_tender_machine():
    t = domain.change_tender_status
    assert t("identified", "preparing", bid_price=None, winner_name=None, winner_price=None).to_status == "preparing"
    won = t("opened", "won", bid_price=D("5000000"), winner_name=None, winner_price=None, company_name="Us Ltd")
    assert (won.winner_name, won.winner_price) == ("Us Ltd", D("5000000"))
    lost = t("opened", "lost", bid_price=D("5"), winner_name=" Other Ltd ", winner_price=D("4"))
    assert (lost.winner_name, lost.winner_price) == ("Other Ltd", D("4"))
    for current, to, kw, field in (
            ("preparing", "submitted", {}, "bid_price"),
            ("opened", "lost", {"winner_price": D(1)}, "winner_name"),
            ("opened", "lost", {"winner_name": "X"}, "winner_price"),
            ("identified", "won", {"bid_price": D(1)}, "status"),
            ("won", "cancelled", {}, "status")):
        args = {"bid_price": None, "winner_name": None, "winner_price": None, **kw}
        with pytest.raises(ValidationFailed) as exc:
            t(current, to, **args)
        assert exc.value.field == field and exc.value.message_bn != exc.value.message
