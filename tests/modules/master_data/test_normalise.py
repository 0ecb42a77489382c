"""One cleaning of pasted text for identifiers, codes, names and search (issue 12, "Bad input"):
NFKC plus dash and quote folding in `domain.clean_text`, used by `normalise_key`, `normalise_code`
and the identifier validators. Unicode dashes were refused in identifiers; "Cox’s Bazar" with a
typographic apostrophe was not found. Database tests run on both databases."""

from __future__ import annotations

import pytest

from vextrus.modules.master_data import domain, service
from vextrus.modules.master_data.schemas import ItemInput, PartyInput
from vextrus.modules.master_data.service import items as item_service

DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d", "\ufe63"]


def test_clean_text_folds_dashes_quotes_widths_and_invisible_characters():
    for d in DASHES:
        assert domain.clean_text(f"CEM{d}PCC{d}50") == "CEM-PCC-50"
    assert domain.clean_text("Cox\u2019s Bazar") == domain.clean_text("Cox\u02bcs Bazar") == "Cox's Bazar"
    assert domain.clean_text("\u201cMeghna\u201d") == '"Meghna"'
    assert domain.clean_text("\uff30\uff34\uff39\uff0d\uff10\uff11") == "PTY-01"  # full-width letters, digits
    assert domain.clean_text("Meghna\u00a0Cement\u200b") == "Meghna Cement"
    assert domain.clean_text("ক্\u200dষ") == "ক্\u200dষ"  # the zero-width joiner is Bangla spelling: kept
    assert domain.normalise_key("COX\u2019S  Bazar") == domain.normalise_key("cox's bazar")
    assert domain.normalise_code(" cem\u2013pcc\u201350 ") == "CEM-PCC-50"


@pytest.mark.parametrize("dash", DASHES)
def test_identifiers_pasted_with_any_dash_are_accepted(dash):
    assert domain.validate_tin(f"1234{dash}5678{dash}9012").value == "123456789012"
    assert domain.validate_mobile(f"01711{dash}123456").value == "+8801711123456"
    assert domain.validate_bin(f"000123456{dash}0101").value == "0001234560101"
    assert domain.validate_hs_code(f"2523{dash}29{dash}00".replace(dash, ".")) == "25232900"
    assert domain.validate_trade_licence(f"TRAD/DNCC/123{dash}45", "Dhaka North").attributes["number_key"] == \
        domain.validate_trade_licence("TRAD/DNCC/123-45", "Dhaka North").attributes["number_key"]


def test_identifiers_still_refuse_letters():
    with pytest.raises(domain.MasterDataError):
        domain.validate_tin("1234\u2013ABCD\u20139012")


def test_geography_finds_coxs_bazar_with_any_apostrophe():
    geo = domain.load_geography()
    plain = geo.district("Cox's Bazar")
    for name in ("Cox\u2019s Bazar", "Cox\u2018s Bazar", "COX\u02bcS BAZAR", "Cox\u2032s\u00a0Bazar"):
        assert geo.district(name) == plain
    assert any(getattr(p, "name", "") == "Cox's Bazar" for p in geo.search("cox\u2019s baz"))


def test_parties_and_items_are_found_whatever_was_pasted(admin):
    p = service.create_party(PartyInput(legal_name="Cox\u2019s Bazar Builders Ltd.", roles=["vendor"],
                                        tin="1234\u20135678\u20139012", mobile="01711\u2011123456",
                                        code="VEN\u2013COX"))
    assert (p.code, p.tin, p.mobile) == ("VEN-COX", "123456789012", "+8801711123456")
    for q in ("Cox's Bazar", "cox\u2019s baz", "COX\u2018S", "ven\u2013cox", "1234\u20135678"):
        assert [x.code for x in service.search_parties(q).items] == ["VEN-COX"], q
    assert service.find_party_by_code("ven\u2212cox").id == p.id
    it = item_service.create_item(ItemInput(code="cem\u2013pcc\u201350", name="Cement PCC 50 kg", name_bn="সিমেন্ট",
                                            kind="material", base_unit="bag"))
    assert it.code == "CEM-PCC-50"
    assert item_service.get_item_by_code("CEM\u2011PCC\u201150").id == it.id
