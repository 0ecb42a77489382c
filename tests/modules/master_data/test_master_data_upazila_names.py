"""Upazilas carry their official English spellings; the source's spellings (typos and older
transliterations) and other common ones still find the same upazila (data/SOURCE.md)."""

import pytest

from vextrus.modules.master_data import service
from vextrus.modules.master_data.domain import Address, MasterDataError, load_geography, validate_address
from vextrus.modules.master_data.domain.geography import UPAZILA
from vextrus.modules.master_data.schemas import AddressIn, PartyInput


@pytest.fixture(scope="module")
def geo():
    return load_geography()


# (district, official name, the source's spelling, code): the code is the source's id, unchanged
RENAMED = [
    ("Bhola", "Burhanuddin", "Borhan Sddin", "260"),
    ("Bhola", "Char Fasson", "Charfesson", "261"),
    ("Bhola", "Daulatkhan", "Doulatkhan", "262"),
    ("Bhola", "Manpura", "Monpura", "263"),
    ("Noakhali", "Senbagh", "Senbug", "49"),
    ("Noakhali", "Sonaimuri", "Sonaimori", "51"),
    ("Noakhali", "Hatiya", "Hatia", "46"),
    ("Cumilla", "Cumilla Adarsha Sadar", "Comilla Sadar", "11"),
    ("Cumilla", "Cumilla Sadar Dakshin", "Sadarsouth", "14"),
    ("Cumilla", "Manoharganj", "Monohargonj", "13"),
    ("Sunamganj", "Shantiganj", "South Sunamganj", "301"),
    ("Bogura", "Bogura Sadar", "Bogra Sadar", "123"),
    ("Barishal", "Barishal Sadar", "Barisal Sadar", "249"),
    ("Jashore", "Jashore Sadar", "Jessore Sadar", "177"),
    ("Cox's Bazar", "Cox's Bazar Sadar", "Coxsbazar Sadar", "80"),
    ("Chapai Nawabganj", "Chapai Nawabganj Sadar", "Chapainawabganj Sadar", "155"),
    ("Chandpur", "Matlab Dakshin", "Matlab South", "56"),
    ("Chattogram", "Karnaphuli", "Karnafuli", "79"),
    ("Sylhet", "Dakshin Surma", "Dakshinsurma", "283"),
    ("Sylhet", "Osmani Nagar", "Osmaninagar", "284"),
    ("Khulna", "Dacope", "Dakop", "213"),
    ("Khulna", "Paikgachha", "Paikgasa", "206"),
    ("Nilphamari", "Saidpur", "Syedpur", "422"),
    ("Pabna", "Ishwardi", "Ishurdi", "114"),
    ("Manikganj", "Daulatpur", "Doulatpur", "363"),
    ("Gaibandha", "Fulchhari", "Phulchari", "434"),
    ("Kurigram", "Raumari", "Rowmari", "455"),
    ("Sirajganj", "Ullahpara", "Ullapara", "112"),
]


@pytest.mark.parametrize(("district", "official", "old", "code"), RENAMED)
def test_official_name_and_source_spelling_find_the_same_upazila(geo, district, official, old, code):
    by_official = geo.upazila(official, district)
    assert (by_official.name, by_official.code, by_official.kind) == (official, code, UPAZILA)
    assert by_official.district_code == geo.district(district).code
    assert geo.upazila(old, district) == by_official
    assert geo.upazila(old.upper(), district) == by_official  # case does not matter
    assert geo.upazila(code) == by_official


@pytest.mark.parametrize(
    ("variant", "district", "name"),
    [
        ("Chouddagram", "Cumilla", "Chauddagram"),
        ("Comilla Adarsha Sadar", "Cumilla", "Cumilla Adarsha Sadar"),  # BBS's spelling
        ("Cumilla Sadar", "Cumilla", "Cumilla Adarsha Sadar"),
        ("Dakshin Sunamganj", "Sunamganj", "Shantiganj"),
        ("Daulat Khan", "Bhola", "Daulatkhan"),
        ("Indurkani", "Pirojpur", "Zianagar"),  # its name from 2017 until 2026
        ("Swarupkati", "Pirojpur", "Nesarabad"),
        ("Sonatola", "Bogura", "Sonatala"),
        ("Mahadebpur", "Naogaon", "Mohadevpur"),
        ("Harinakunda", "Jhenaidah", "Harinakundu"),
        ("Char Bhadrasan", "Faridpur", "Charbhadrasan"),
        ("Jhalokati Sadar", "Jhalakathi", "Jhalakathi Sadar"),
        ("Sayestaganj", "Habiganj", "Shayestaganj"),
    ],
)
def test_other_common_spellings_find_the_upazila(geo, variant, district, name):
    assert geo.upazila(variant, district).name == name


@pytest.mark.parametrize(
    ("bangla", "district", "name", "old_bangla"),
    [
        ("শান্তিগঞ্জ", "Sunamganj", "Shantiganj", "দক্ষিণ সুনামগঞ্জ"),
        ("কুমিল্লা আদর্শ সদর", "Cumilla", "Cumilla Adarsha Sadar", "কুমিল্লা সদর"),
        ("কুমিল্লা সদর দক্ষিণ", "Cumilla", "Cumilla Sadar Dakshin", "সদর দক্ষিণ"),
    ],
)
def test_bangla_name_changed_with_the_english_one_and_the_old_still_finds_it(
    geo, bangla, district, name, old_bangla
):
    place = geo.upazila(bangla, district)
    assert (place.name, place.name_bn) == (name, bangla)
    assert geo.upazila(old_bangla, district) == place


def test_shayestaganj_is_the_495th_upazila(geo):
    place = geo.upazila("Shayestaganj")
    assert (place.code, place.district_code, place.name_bn, place.kind) == ("495", "20", "শায়েস্তাগঞ্জ", UPAZILA)
    assert geo.upazila("শায়েস্তাগঞ্জ", "হবিগঞ্জ") == place
    assert len(geo.upazilas("Habiganj", kind=UPAZILA)) == 9
    assert len(geo.upazilas(kind=UPAZILA)) == 495
    per_division = {
        d.name: sum(len(geo.upazilas(x.code, kind=UPAZILA)) for x in geo.districts(d.code))
        for d in geo.divisions()
    }
    assert per_division == {
        "Barishal": 42,
        "Chattogram": 104,
        "Dhaka": 89,
        "Khulna": 59,
        "Mymensingh": 35,
        "Rajshahi": 67,
        "Rangpur": 58,
        "Sylhet": 41,
    }


def test_every_upazila_name_and_alias_names_one_place_in_its_district(geo):
    for place in geo.upazilas(kind=UPAZILA):
        for name in (place.name, place.name_bn, *place.aliases):
            assert geo.find_upazilas(name, place.district_code) == [place], (place.district_code, name)


def test_search_offers_the_official_name_for_the_old_spelling(geo):
    assert "Burhanuddin" in [p.name for p in geo.search("Borhan")]
    assert "Burhanuddin" in [p.name for p in geo.search("Burhan")]


@pytest.mark.parametrize("upazila", ["Burhanuddin", "Borhan Sddin", "বোরহান উদ্দিন"])
def test_address_validates_with_the_official_name_or_the_old_one(upazila):
    out = validate_address(Address(line1="Ward 4, Burhanuddin Pourashava", district="Bhola", upazila=upazila))
    assert (out.division, out.district, out.upazila) == ("A", "07", "260")


def test_address_with_the_official_name_in_the_wrong_district_is_refused():
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="x", district="Barishal", upazila="Burhanuddin"))
    assert err.value.field == "upazila"


def test_a_party_address_in_shantiganj_and_shayestaganj_is_stored_by_code(admin):
    party = service.create_party(
        PartyInput(
            legal_name="Haor Sand Traders",
            party_type="company",
            roles=["vendor"],
            vendor_categories=["supplier"],
            addresses=[
                AddressIn(line1="Pagla Bazar", district="Sunamganj", upazila="Shantiganj"),
                AddressIn(line1="Station Road", district="হবিগঞ্জ", upazila="শায়েস্তাগঞ্জ"),
            ],
        )
    )
    stored = service.get_party(party.id)
    assert [(a.division, a.district, a.upazila) for a in stored.addresses] == [
        ("G", "61", "301"),
        ("G", "20", "495"),
    ]
