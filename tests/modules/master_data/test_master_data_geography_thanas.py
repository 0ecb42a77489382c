"""Metropolitan thanas sit beside upazilas under their district and pass address validation."""

import pytest

from vextrus.modules.master_data.domain import Address, MasterDataError, load_geography, validate_address
from vextrus.modules.master_data.domain.geography import METRO_THANA, UPAZILA


@pytest.fixture(scope="module")
def geo():
    return load_geography()


def test_thana_counts_per_city(geo):
    counts = {d: len(geo.upazilas(d, kind=METRO_THANA)) for d in ("Dhaka", "Chattogram", "Rajshahi")}
    assert counts == {"Dhaka": 35, "Chattogram": 10, "Rajshahi": 4}
    # the source's upazilas are still all there, and no other district gained thanas
    assert len(geo.upazilas(kind=UPAZILA)) == 494
    assert len(geo.upazilas(kind=METRO_THANA)) == 49


@pytest.mark.parametrize(
    ("english", "bangla", "district"),
    [
        ("Uttara", "উত্তরা", "13"),
        ("Gulshan", "গুলশান", "13"),
        ("Mirpur", "মিরপুর", "13"),
        ("Motijheel", "মতিঝিল", "13"),
        ("Panchlaish", "পাঁচলাইশ", "10"),
        ("Double Mooring", "ডবলমুরিং", "10"),
        ("Boalia", "বোয়ালিয়া", "54"),
    ],
)
def test_known_thanas_in_both_languages(geo, english, bangla, district):
    by_en = geo.upazila(english, district)
    by_bn = geo.upazila(bangla, district)
    assert by_en == by_bn
    assert (by_en.name, by_en.name_bn, by_en.kind, by_en.district_code) == (english, bangla, METRO_THANA, district)
    assert geo.upazila(by_en.code) == by_en  # by its BBS code too


def test_thana_codes_are_bbs_geocodes_apart_from_upazila_ids(geo):
    thanas = geo.upazilas(kind=METRO_THANA)
    assert all(len(t.code) == 6 and t.code.isdigit() for t in thanas)
    assert not {t.code for t in thanas} & {u.code for u in geo.upazilas(kind=UPAZILA)}
    assert all(any("\u0980" <= ch <= "\u09ff" for ch in t.name_bn) for t in thanas)


def test_aliases_find_older_spellings(geo):
    assert geo.upazila("Chawkbazar", "Dhaka").name == "Chak Bazar"
    assert geo.upazila("Chittagong Port", "Chattogram").name == "Bandar"


def test_a_name_shared_with_an_upazila_needs_the_district(geo):
    # Mirpur is a Dhaka thana and a Kushtia upazila
    with pytest.raises(MasterDataError) as err:
        geo.upazila("Mirpur")
    assert err.value.code == "master_data.ambiguous_upazila"
    assert geo.upazila("Mirpur", "Kushtia").kind == UPAZILA


def test_address_with_a_dhaka_thana_validates_and_fills_the_hierarchy():
    out = validate_address(Address(line1="House 12, Road 7, Sector 4", upazila="উত্তরা", postcode="1230"))
    assert (out.division, out.district, out.upazila) == ("C", "13", "302695")
    out = validate_address(Address(line1="Plot 5", division="Dhaka", district="Dhaka", upazila="Gulshan"))
    assert out.upazila == "302626"


def test_thana_in_the_wrong_district_is_refused():
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="Plot 5", district="Gazipur", upazila="Gulshan"))
    assert err.value.field == "upazila"
    with pytest.raises(MasterDataError):
        validate_address(Address(line1="Plot 5", district="Chattogram", upazila="302626"))
