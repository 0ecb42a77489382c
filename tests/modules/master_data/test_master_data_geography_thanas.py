"""Metropolitan thanas sit beside upazilas under their district and pass address validation."""

import json

import pytest

from vextrus.modules.master_data import service
from vextrus.modules.master_data.domain import (
    Address,
    MasterDataError,
    load_geography,
    load_geography_file,
    validate_address,
)
from vextrus.modules.master_data.domain import geography as geo_module
from vextrus.modules.master_data.domain.geography import METRO_THANA, UPAZILA
from vextrus.modules.master_data.schemas import AddressIn, PartyInput
from vextrus.platform.errors import ValidationFailed

# The police stations of each metropolitan police unit, by their usual English names.
POLICE_UNITS = {
    "Dhaka": [  # DMP, 50
        "Adabor", "Airport", "Badda", "Banani", "Bangshal", "Bhashantek", "Cantonment",
        "Chawkbazar", "Dakshinkhan", "Darus Salam", "Demra", "Dhanmondi", "Gendaria", "Gulshan",
        "Hatirjheel", "Hazaribagh", "Jatrabari", "Kadamtali", "Kafrul", "Kalabagan",
        "Kamrangirchar", "Khilgaon", "Khilkhet", "Kotwali", "Lalbagh", "Mirpur Model",
        "Mohammadpur", "Motijheel", "Mugda", "New Market", "Pallabi", "Paltan Model",
        "Ramna Model", "Rampura", "Rupnagar", "Sabujbagh", "Shah Ali", "Shahbagh", "Shahjahanpur",
        "Sher-e-Bangla Nagar", "Shyampur", "Sutrapur", "Tejgaon", "Tejgaon Industrial Area",
        "Turag", "Uttara East", "Uttara West", "Uttarkhan", "Vatara", "Wari",
    ],
    "Chattogram": [  # CMP, 16
        "Kotwali", "Sadarghat", "Chawkbazar", "Bakalia", "Panchlaish", "Chandgaon",
        "Bayezid Bostami", "Khulshi", "Double Mooring", "Pahartali", "Akbar Shah", "Halishahar",
        "Bandar", "EPZ", "Patenga", "Karnaphuli",
    ],
    "Khulna": [  # KMP, 8
        "Khulna Sadar", "Sonadanga", "Khalishpur", "Daulatpur", "Khan Jahan Ali", "Labanchara",
        "Harintana", "Aranghata",
    ],
    "Rajshahi": [  # RMP, 12
        "Boalia", "Rajpara", "Motihar", "Shah Makhdum", "Chandrima", "Kashiadanga", "Katakhali",
        "Belpukur", "Airport", "Damkura", "Karnahar", "Paba",
    ],
    "Sylhet": ["Kotwali", "Jalalabad", "Shah Poran", "Moglabazar", "Airport", "Dakshin Surma"],
    "Barishal": ["Kotwali", "Airport", "Kawnia", "Bandar"],
    "Rangpur": ["Kotwali", "Tajhat", "Mahiganj", "Haragach", "Parshuram", "Hajirhat"],
    "Gazipur": [
        "Gazipur Sadar", "Basan", "Gacha", "Konabari", "Kashimpur", "Tongi East", "Tongi West",
        "Pubail",
    ],
}  # fmt: skip
# Police thanas named like an upazila of the same district: the upazila stands for them (since the
# official upazila spellings, Karnaphuli and Dakshin Surma are the police spellings too).
COVERED_BY_UPAZILA = {
    ("Chattogram", "Karnaphuli"): "Karnaphuli",
    ("Rajshahi", "Paba"): "Paba",
    ("Sylhet", "Dakshin Surma"): "Dakshin Surma",
    ("Gazipur", "Gazipur Sadar"): "Gazipur Sadar",
}


@pytest.fixture(scope="module")
def geo():
    return load_geography()


def test_thana_counts_per_city(geo):
    police = {city: len(names) for city, names in POLICE_UNITS.items()}
    assert police == {"Dhaka": 50, "Chattogram": 16, "Khulna": 8, "Rajshahi": 12, "Sylhet": 6, "Barishal": 4,
                      "Rangpur": 6, "Gazipur": 8}  # fmt: skip
    counts = {d: len(geo.upazilas(d, kind=METRO_THANA)) for d in POLICE_UNITS}
    assert counts == {
        "Dhaka": 51,  # the 50 DMP thanas and BBS's Uttara (now Uttara East and West)
        "Chattogram": 15,
        "Khulna": 8,
        "Rajshahi": 11,
        "Sylhet": 5,
        "Barishal": 4,
        "Rangpur": 6,
        "Gazipur": 7,
    }
    # the source's 494 upazilas and Shayestaganj, and no other district gained thanas
    assert len(geo.upazilas(kind=UPAZILA)) == 495
    assert len(geo.upazilas(kind=METRO_THANA)) == sum(counts.values()) == 107


@pytest.mark.parametrize("city", list(POLICE_UNITS))
def test_every_police_thana_of_a_metropolitan_unit_is_found_in_its_district(geo, city):
    district = geo.district(city)
    places = {}
    for police_name in POLICE_UNITS[city]:
        upazila = COVERED_BY_UPAZILA.get((city, police_name))
        place = geo.upazila(police_name, city)  # the police spelling finds it, even where the upazila's differs
        if upazila:
            assert place.name == upazila, police_name
        assert place.district_code == district.code, police_name
        assert place.kind == (UPAZILA if upazila else METRO_THANA), police_name
        places[police_name] = place
    # two police names never land on the same place
    assert len({p.code for p in places.values()}) == len(POLICE_UNITS[city])


@pytest.mark.parametrize(
    ("bangla", "district"),
    [("কর্ণফুলী", "Chattogram"), ("পবা", "Rajshahi"), ("দক্ষিণ সুরমা", "Sylhet"), ("গাজীপুর সদর", "Gazipur")],
)
def test_a_police_thana_named_like_its_upazila_is_the_upazila(geo, bangla, district):
    assert [p.kind for p in geo.find_upazilas(bangla, district)] == [UPAZILA]


@pytest.mark.parametrize(
    ("english", "bangla", "district"),
    [
        ("Uttara", "উত্তরা", "13"),
        ("Gulshan", "গুলশান", "13"),
        ("Mirpur", "মিরপুর", "13"),
        ("Motijheel", "মতিঝিল", "13"),
        ("Wari", "ওয়ারী", "13"),
        ("Sher-e-Bangla Nagar", "শেরেবাংলা নগর", "13"),
        ("Panchlaish", "পাঁচলাইশ", "10"),
        ("Double Mooring", "ডবলমুরিং", "10"),
        ("Bayezid Bostami", "বায়েজিদ বোস্তামী", "10"),
        ("Boalia", "বোয়ালিয়া", "54"),
        ("Karnahar", "কর্ণহার", "54"),
        ("Sonadanga", "সোনাডাঙ্গা", "27"),
        ("Labanchara", "লবণচরা", "27"),
        ("Shah Poran", "শাহপরান", "60"),
        ("Kawnia", "কাউনিয়া", "06"),
        ("Tajhat", "তাজহাট", "55"),
        ("Tongi West", "টঙ্গী পশ্চিম", "18"),
    ],
)
def test_known_thanas_in_both_languages(geo, english, bangla, district):
    by_en = geo.upazila(english, district)
    by_bn = geo.upazila(bangla, district)
    assert by_en == by_bn
    assert (by_en.name, by_en.name_bn, by_en.kind, by_en.district_code) == (
        english,
        bangla,
        METRO_THANA,
        district,
    )
    assert geo.upazila(by_en.code) == by_en  # by its code too


def test_sonadanga_is_found_by_either_name_within_khulna_and_nowhere_else(geo):
    sonadanga = geo.upazila("Sonadanga", "Khulna")
    assert geo.find_upazilas("সোনাডাঙ্গা", "খুলনা") == [sonadanga]
    assert geo.find_upazilas("সোনাডাঙা", "Khulna") == [sonadanga]  # the shorter spelling
    assert geo.find_upazilas("sonadanga") == [sonadanga]
    assert geo.find_upazilas("Sonadanga", "Dhaka") == []
    assert sonadanga.code == "404785"  # BBS geocode 40 47 85


@pytest.mark.parametrize(
    ("variant", "district", "name"),
    [
        ("শাহ পরান", "Sylhet", "Shah Poran"),
        ("Shahporan", "Sylhet", "Shah Poran"),
        ("সুত্রাপুর", "Dhaka", "Sutrapur"),
        ("Bhatara", "Dhaka", "Vatara"),
        ("আকবর শাহ", "Chattogram", "Akbar Shah"),
        ("এয়ারপোর্ট", "Barishal", "Airport"),
        ("বিমানবন্দর", "Sylhet", "Airport"),
        ("Bimanbandar", "Rajshahi", "Airport"),
        ("হাজিরহাট", "Rangpur", "Hajirhat"),
        ("কোতো\u09dfালী", "Sylhet", "Kotwali"),  # য় as one code point: the same name
        ("Chittagong Port", "Chattogram", "Bandar"),
        ("Chawkbazar", "Dhaka", "Chak Bazar"),
    ],
)
def test_variant_spellings_find_the_thana(geo, variant, district, name):
    assert geo.upazila(variant, district).name == name


def test_codes_are_bbs_geocodes_or_nine_plus_district_apart_from_upazila_ids(geo):
    thanas = geo.upazilas(kind=METRO_THANA)
    codes = [t.code for t in thanas]
    assert len(set(codes)) == len(codes)
    assert not set(codes) & {u.code for u in geo.upazilas(kind=UPAZILA)}
    bbs_district = {"3026": "13", "2015": "10", "4047": "27", "5081": "54"}
    for t in thanas:
        assert t.code.isdigit(), t
        if len(t.code) == 6:  # BBS: division + district + thana
            assert bbs_district[t.code[:4]] == t.district_code, t
        else:
            assert (len(t.code), t.code[0], t.code[1:3]) == (5, "9", t.district_code), t
    assert geo.upazila("Labanchara", "Khulna").code == "92701"
    assert all(any("\u0980" <= ch <= "\u09ff" for ch in t.name_bn) for t in thanas)


def test_every_name_and_alias_names_one_place_in_its_district(geo):
    for city in POLICE_UNITS:
        for place in geo.upazilas(city):
            for name in (place.name, place.name_bn, *place.aliases):
                assert geo.find_upazilas(name, city) == [place], (city, name)


def test_a_name_shared_with_an_upazila_needs_the_district(geo):
    # Mirpur is a Dhaka thana and a Kushtia upazila; six cities have a Kotwali thana, and three
    # district towns' Sadar upazilas answer to their Kotwali thana's name
    with pytest.raises(MasterDataError) as err:
        geo.upazila("Mirpur")
    assert err.value.code == "master_data.ambiguous_upazila"
    assert geo.upazila("Mirpur", "Kushtia").kind == UPAZILA
    with pytest.raises(MasterDataError) as err:
        geo.upazila("Kotwali")
    kinds = [geo.upazila(code).kind for code in err.value.details["candidates"]]
    assert (kinds.count(METRO_THANA), kinds.count(UPAZILA)) == (6, 3)
    assert geo.upazila("Kotwali", "Sylhet").code == "96001"


def test_address_with_a_dhaka_thana_validates_and_fills_the_hierarchy():
    out = validate_address(Address(line1="House 12, Road 7, Sector 4", upazila="উত্তরা", postcode="1230"))
    assert (out.division, out.district, out.upazila) == ("C", "13", "302695")
    out = validate_address(Address(line1="Plot 5", division="Dhaka", district="Dhaka", upazila="Gulshan"))
    assert out.upazila == "302626"


def test_address_in_sylhet_with_shah_poran_validates_and_is_refused_for_dhaka():
    out = validate_address(Address(line1="Upashahar Block D", district="Sylhet", upazila="Shah Poran"))
    assert (out.division, out.district, out.upazila) == ("G", "60", "96003")
    out = validate_address(Address(line1="উপশহর, ব্লক ডি", district="সিলেট", upazila="শাহপরান"))
    assert out.upazila == "96003"
    # a stored code round-trips and fills the hierarchy
    assert validate_address(Address(line1="x", upazila=out.upazila)).district == "60"
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="Upashahar Block D", district="Dhaka", upazila="Shah Poran"))
    assert (err.value.code, err.value.field) == ("master_data.unknown_upazila", "upazila")
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="Upashahar Block D", district="Dhaka", upazila="96003"))
    assert (err.value.code, err.value.field) == ("master_data.upazila_not_in_district", "upazila")


def test_thana_in_the_wrong_district_is_refused():
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="Plot 5", district="Gazipur", upazila="Gulshan"))
    assert err.value.field == "upazila"
    with pytest.raises(MasterDataError):
        validate_address(Address(line1="Plot 5", district="Chattogram", upazila="302626"))


def test_packaged_rows_say_how_sure_the_bangla_name_is():
    data = geo_module._read_packaged()
    assert data["metro_thanas"] and data["columns"]["metro_thanas"][-1] == "bn_checked"
    assert all(len(row) == 6 and isinstance(row[5], bool) for row in data["metro_thanas"])


def test_loader_reads_metro_rows_with_or_without_the_bn_checked_column(tmp_path):
    data = {
        "divisions": [["D", "Khulna", "খুলনা", []]],
        "districts": [["27", "D", "Khulna", "খুলনা", []]],
        "upazilas": [["209", "27", "Rupsha", "রূপসা"]],
        "metro_thanas": [
            ["404785", "27", "Sonadanga", "সোনাডাঙ্গা", ["Sonadanga Model"], True],
            ["92702", "27", "Harintana", "হরিণটানা", []],
            ["92703", "27", "Aranghata", "আড়ংঘাটা", [], False],
        ],
    }
    path = tmp_path / "geo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    g = load_geography_file(path)
    assert [u.name for u in g.upazilas("Khulna", kind=METRO_THANA)] == ["Aranghata", "Harintana", "Sonadanga"]
    assert g.upazila("Sonadanga Model", "Khulna").code == "404785"


def test_a_party_address_in_a_new_thana_is_stored_by_code_and_revalidates(admin):
    # on both databases: the five-digit code fits the address column and validates again on update
    v = service.create_party(
        PartyInput(
            legal_name="Surma Bricks Ltd.",
            party_type="company",
            roles=["vendor"],
            vendor_categories=["supplier"],
            addresses=[AddressIn(line1="উপশহর, ব্লক ডি", district="সিলেট", upazila="শাহপরান")],
        )
    )
    assert (v.addresses[0].division, v.addresses[0].district, v.addresses[0].upazila) == ("G", "60", "96003")
    stored = service.get_party(v.id)
    assert stored.addresses[0].upazila == "96003"
    data = PartyInput(**stored.model_dump(include=set(PartyInput.model_fields)))
    assert service.update_party(v.id, data, stored.version).addresses[0].upazila == "96003"
    wrong = data.model_copy(update={"addresses": [AddressIn(line1="x", district="Dhaka", upazila="96003")]})
    with pytest.raises(ValidationFailed) as err:
        service.update_party(v.id, wrong, stored.version)
    assert err.value.field.startswith("addresses[0]")
