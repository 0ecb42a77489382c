"""The packaged administrative list and address validation against it."""

import json

import pytest

from vextrus.modules.master_data.domain import (
    Address,
    MasterDataError,
    load_geography,
    load_geography_file,
    validate_address,
)
from vextrus.modules.master_data.domain import geography as geo_module


@pytest.fixture(scope="module")
def geo():
    return load_geography()


def test_counts_cover_the_whole_country(geo):
    assert len(geo.divisions()) == 8
    assert len(geo.districts()) == 64
    assert len(geo.upazilas()) >= 490


def test_iso_codes_are_a_to_h_and_01_to_64(geo):
    assert {d.code for d in geo.divisions()} == set("ABCDEFGH")
    assert {d.code for d in geo.districts()} == {f"{i:02d}" for i in range(1, 65)}
    assert geo.division("Dhaka").iso_code == "BD-C"
    assert geo.district("Dhaka").iso_code == "BD-13"


def test_every_district_has_upazilas_and_every_row_bilingual(geo):
    for district in geo.districts():
        assert geo.upazilas(district.code), district.name
    for place in [*geo.divisions(), *geo.districts(), *geo.upazilas()]:
        assert place.name.isascii() and place.name.strip()
        assert any("\u0980" <= ch <= "\u09ff" for ch in place.name_bn), place


def test_districts_per_division(geo):
    counts = {d.name: len(geo.districts(d.code)) for d in geo.divisions()}
    assert counts == {
        "Barishal": 6,
        "Chattogram": 11,
        "Dhaka": 13,
        "Khulna": 10,
        "Mymensingh": 4,
        "Rajshahi": 8,
        "Rangpur": 8,
        "Sylhet": 4,
    }


def test_known_names_in_english_and_bangla(geo):
    dhaka = geo.division("ঢাকা")
    assert dhaka.name == "Dhaka" and dhaka.code == "C"
    gazipur = geo.district("Gazipur")
    assert gazipur.name_bn == "গাজীপুর" and gazipur.division_code == "C" and gazipur.code == "18"
    savar = geo.upazila("Savar", district="Dhaka")
    assert savar.name_bn == "সাভার" and savar.district_code == "13"
    assert geo.upazila("সাভার").code == savar.code


def test_old_spellings_and_codes_resolve(geo):
    assert geo.district("Chittagong").code == "10"
    assert geo.district("Comilla").name == "Cumilla"
    assert geo.district("BD-13").name == "Dhaka"
    assert geo.district("১৩").name == "Dhaka"
    assert geo.district("9").name == "Chandpur"
    assert geo.division("bd-b").name == "Chattogram"


def test_ambiguous_upazila_name_needs_district(geo):
    with pytest.raises(MasterDataError) as info:
        geo.upazila("Nawabganj")
    assert info.value.code == "master_data.ambiguous_upazila"
    assert len(info.value.details["candidates"]) >= 2
    assert geo.upazila("Nawabganj", district="Dhaka").district_code == "13"


def test_unknown_names_raise_with_field(geo):
    for fn, field in ((geo.division, "division"), (geo.district, "district"), (geo.upazila, "upazila")):
        with pytest.raises(MasterDataError) as info:
            fn("Atlantis")
        assert info.value.field == field


def test_search_prefix_first(geo):
    names = [p.name for p in geo.search("gazi")]
    assert names[0] == "Gazipur"
    assert "Savar" in [p.name for p in geo.search("সাভা")]
    assert geo.search("  ") == []


def test_address_resolves_names_to_codes_and_fills_parents():
    a = validate_address(Address("House 12, Road 3", upazila="Savar", district="ঢাকা", postcode="১৩৪০"))
    assert (a.division, a.district, a.postcode) == ("C", "13", "1340")
    assert a.upazila == load_geography().upazila("Savar", "Dhaka").code


def test_address_rejects_district_outside_division():
    with pytest.raises(MasterDataError) as info:
        validate_address(Address("x", division="Khulna", district="Gazipur"))
    assert info.value.code == "master_data.district_not_in_division"
    assert info.value.field == "district"


def test_address_rejects_upazila_outside_district():
    with pytest.raises(MasterDataError) as info:
        validate_address(Address("x", district="Gazipur", upazila="Savar"))
    assert info.value.field == "upazila"


def test_address_rejects_bad_postcode_and_empty_line():
    with pytest.raises(MasterDataError) as info:
        validate_address(Address("x", district="Dhaka", postcode="12345"))
    assert info.value.field == "postcode"
    with pytest.raises(MasterDataError) as info:
        validate_address(Address("  ", district="Dhaka"))
    assert info.value.field == "line1"


def test_foreign_address_cannot_name_bd_district():
    assert validate_address(Address("1 Main St", country="sg")).country == "SG"
    with pytest.raises(MasterDataError):
        validate_address(Address("1 Main St", country="SG", district="Dhaka"))


def test_loader_reads_once_and_is_shared(monkeypatch):
    load_geography.cache_clear()
    reads = []
    real = geo_module._read_packaged
    monkeypatch.setattr(geo_module, "_read_packaged", lambda: reads.append(1) or real())
    first = load_geography()
    assert load_geography() is first
    assert len(reads) == 1


def test_other_data_file_in_same_format(tmp_path):
    data = {
        "divisions": [["C", "Dhaka", "ঢাকা", []]],
        "districts": [["13", "C", "Dhaka", "ঢাকা", []]],
        "upazilas": [["1", "13", "Savar", "সাভার"]],
    }
    path = tmp_path / "geo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    g = load_geography_file(path)
    assert [u.name for u in g.upazilas("Dhaka")] == ["Savar"]
