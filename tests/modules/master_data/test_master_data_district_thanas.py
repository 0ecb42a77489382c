"""District police thanas that are no upazila (kind "thana": Fatullah, Ashulia, Bhulli, …) sit
beside the upazilas and metropolitan thanas of their district and pass address validation."""

import importlib.util
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import service
from vextrus.modules.master_data.domain import (
    Address,
    MasterDataError,
    load_geography,
    load_geography_file,
    validate_address,
)
from vextrus.modules.master_data.domain import geography as geo_module
from vextrus.modules.master_data.domain.geography import METRO_THANA, THANA, UPAZILA
from vextrus.modules.master_data.schemas import AddressIn, PartyInput
from vextrus.platform.errors import ValidationFailed

DATA_DIR = Path(geo_module.__file__).resolve().parent.parent / "data"

# The district thanas per district, by the names the district police use (SOURCE.md).
DISTRICT_THANAS = {
    "Barishal": ["Kazirhat"],
    "Bhola": ["Dakshin Aicha", "Dularhat", "Shashibhushan"],
    "Cumilla": ["Bangora Bazar"],
    "Chattogram": ["Bhujpur", "Zorarganj"],
    "Chuadanga": ["Darshana"],
    "Dhaka": ["Ashulia", "South Keraniganj"],
    "Gazipur": ["Joydebpur"],
    "Jashore": ["Benapole Port"],
    "Kurigram": ["Dhushmara", "Kachakata"],
    "Kushtia": ["Islamic University"],
    "Lakshmipur": ["Chandraganj"],
    "Mymensingh": ["Pagla"],
    "Munshiganj": ["Padma Setu North"],
    "Narayanganj": ["Fatullah", "Siddhirganj"],
    "Narsingdi": ["Madhabdi"],
    "Narail": ["Naragati"],
    "Noakhali": ["Bhasan Char"],
    "Pabna": ["Aminpur", "Ataikula"],
    "Patuakhali": ["Mohipur"],
    "Rangamati": ["Chandraghona", "Sajek"],
    "Satkhira": ["Patkelghata"],
    "Sirajganj": ["Enayetpur", "Jamuna Setu West", "Salanga"],
    "Shariatpur": ["Padma Setu South", "Sakhipur"],
    "Tangail": ["Jamuna Setu East"],
    "Thakurgaon": ["Bhulli", "Ruhia"],
}


@pytest.fixture(scope="module")
def geo():
    return load_geography()


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_geography", Path(__file__).resolve().parents[3] / "scripts" / "build_geography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fatullah_is_a_narayanganj_thana_by_english_and_bangla_name(geo):
    by_en = geo.upazila("Fatullah", "Narayanganj")
    by_bn = geo.upazila("ফতুল্লা", "নারায়ণগঞ্জ")
    assert by_en == by_bn == geo.upazila("84001")
    assert (by_en.name, by_en.name_bn, by_en.kind, by_en.district_code) == ("Fatullah", "ফতুল্লা", THANA, "40")
    assert geo.upazila("fatullah model", "40") == by_en  # the police's "Model" name too
    assert geo.find_upazilas("Fatullah") == [by_en]  # one Fatullah in the country
    # the upazila it lies in is still the upazila
    assert geo.upazila("Narayanganj Sadar", "Narayanganj").kind == UPAZILA


def test_fatullah_is_refused_for_dhaka_district(geo):
    assert geo.find_upazilas("Fatullah", "Dhaka") == []
    with pytest.raises(MasterDataError) as err:
        geo.upazila("Fatullah", "Dhaka")
    assert err.value.code == "master_data.unknown_upazila"
    with pytest.raises(MasterDataError) as err:
        geo.upazila("84001", "Dhaka")
    assert err.value.code == "master_data.upazila_not_in_district"


def test_thana_counts_per_district(geo):
    counts = {d: len(geo.upazilas(d, kind=THANA)) for d in DISTRICT_THANAS}
    assert counts == {d: len(names) for d, names in DISTRICT_THANAS.items()}
    assert len(geo.upazilas(kind=THANA)) == sum(counts.values()) == 37
    # the other kinds are unchanged
    assert len(geo.upazilas(kind=UPAZILA)) == 495
    assert len(geo.upazilas(kind=METRO_THANA)) == 107


@pytest.mark.parametrize("district", list(DISTRICT_THANAS))
def test_every_district_thana_is_found_in_its_district_only_as_a_thana(geo, district):
    code = geo.district(district).code
    for name in DISTRICT_THANAS[district]:
        place = geo.upazila(name, district)
        assert (place.kind, place.district_code, place.name) == (THANA, code, name)
        assert geo.upazila(place.name_bn, district) == place
        assert geo.upazila(place.code) == place
    assert sorted(u.name for u in geo.upazilas(district, kind=THANA)) == sorted(DISTRICT_THANAS[district])


def test_codes_are_unique_eight_plus_district_and_apart_from_every_other_code(geo):
    thanas = geo.upazilas(kind=THANA)
    codes = [t.code for t in thanas]
    assert len(set(codes)) == len(codes)
    others = {u.code for u in geo.upazilas() if u.kind != THANA}
    assert not set(codes) & others
    for t in thanas:
        assert t.code.isdigit() and len(t.code) == 5, t
        assert (t.code[0], t.code[1:3]) == ("8", t.district_code), t
    assert all(any("\u0980" <= ch <= "\u09ff" for ch in t.name_bn) for t in thanas)


def test_every_thana_name_and_alias_differs_from_the_other_places_of_its_district(geo):
    for thana in geo.upazilas(kind=THANA):
        for name in (thana.name, thana.name_bn, *thana.aliases):
            assert geo.find_upazilas(name, thana.district_code) == [thana], (thana.code, name)


@pytest.mark.parametrize(
    ("english", "bangla", "district"),
    [
        ("Ashulia", "আশুলিয়া", "Dhaka"),
        ("South Keraniganj", "দক্ষিণ কেরানীগঞ্জ", "Dhaka"),
        ("Siddhirganj", "সিদ্ধিরগঞ্জ", "Narayanganj"),
        ("Joydebpur", "জয়দেবপুর", "Gazipur"),
        ("Zorarganj", "জোরারগঞ্জ", "Chattogram"),
        ("Shashibhushan", "শশীভূষণ", "Bhola"),
        ("Benapole Port", "বেনাপোল পোর্ট", "Jashore"),
        ("Padma Setu South", "পদ্মা সেতু দক্ষিণ", "Shariatpur"),
        ("Jamuna Setu West", "যমুনা সেতু পশ্চিম", "Sirajganj"),
        ("Bhulli", "ভুল্লী", "Thakurgaon"),
    ],
)
def test_known_thanas_in_both_languages(geo, english, bangla, district):
    place = geo.upazila(english, district)
    assert (place.name, place.name_bn, place.kind) == (english, bangla, THANA)
    assert geo.upazila(bangla, district) == place


@pytest.mark.parametrize(
    ("variant", "district", "name"),
    [
        ("Jorarganj", "Chattogram", "Zorarganj"),
        ("Bhully", "Thakurgaon", "Bhulli"),
        ("Bangabandhu Setu East", "Tangail", "Jamuna Setu East"),  # its name until April 2025
        ("বঙ্গবন্ধু সেতু পশ্চিম", "Sirajganj", "Jamuna Setu West"),
        ("দক্ষিন আইচা", "Bhola", "Dakshin Aicha"),
        ("Shakhipur", "Shariatpur", "Sakhipur"),
        ("Benapole", "Jashore", "Benapole Port"),
    ],
)
def test_variant_spellings_find_the_thana(geo, variant, district, name):
    assert geo.upazila(variant, district).name == name


def test_a_name_in_two_districts_needs_the_district(geo):
    # Sakhipur is a Shariatpur thana and a Tangail upazila
    with pytest.raises(MasterDataError) as err:
        geo.upazila("Sakhipur")
    assert err.value.code == "master_data.ambiguous_upazila"
    assert geo.upazila("Sakhipur", "Tangail").kind == UPAZILA
    assert geo.upazila("Sakhipur", "Shariatpur").kind == THANA


@pytest.mark.parametrize(
    ("police_name", "district", "upazila"),
    [
        ("Sudharam", "Noakhali", "Noakhali Sadar"),
        ("সুধারাম মডেল", "Noakhali", "Noakhali Sadar"),
        ("Char Jabbar", "Noakhali", "Subarnachar"),
        ("Palong", "Shariatpur", "Shariatpur Sadar"),
        ("Kotwali", "Jashore", "Jashore Sadar"),
        ("কোতোয়ালি", "Mymensingh", "Mymensingh Sadar"),
        ("Kotwali Model", "Cumilla", "Cumilla Adarsha Sadar"),
        ("Kushtia Model", "Kushtia", "Kushtia Sadar"),
    ],
)
def test_an_upazilas_own_thana_under_another_name_finds_the_upazila(geo, police_name, district, upazila):
    place = geo.upazila(police_name, district)
    assert (place.name, place.kind) == (upazila, UPAZILA)


def test_address_with_a_district_thana_validates_and_fills_the_hierarchy():
    out = validate_address(Address(line1="Pagla Bazar Road", upazila="ফতুল্লা", postcode="1421"))
    assert (out.division, out.district, out.upazila) == ("C", "40", "84001")
    out = validate_address(Address(line1="Plot 9, EPZ Road", division="Dhaka", district="Dhaka", upazila="Ashulia"))
    assert out.upazila == "81301"
    out = validate_address(Address(line1="বালিয়া", district="ঠাকুরগাঁও", upazila="ভুল্লী"))
    assert (out.division, out.district, out.upazila) == ("F", "64", "86401")
    # a stored code round-trips and fills the hierarchy
    assert validate_address(Address(line1="x", upazila="84001")).district == "40"
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="Pagla Bazar Road", district="Dhaka", upazila="Fatullah"))
    assert (err.value.code, err.value.field) == ("master_data.unknown_upazila", "upazila")
    with pytest.raises(MasterDataError) as err:
        validate_address(Address(line1="x", division="Chattogram", upazila="Fatullah"))
    assert err.value.code == "master_data.district_not_in_division"


def test_packaged_rows_have_the_metro_row_shape_and_say_how_sure_the_bangla_name_is():
    data = geo_module._read_packaged()
    assert data["columns"]["thanas"] == data["columns"]["metro_thanas"]
    rows = data["thanas"]
    assert len(rows) == 37
    assert all(len(row) == 6 and isinstance(row[4], list) and isinstance(row[5], bool) for row in rows)
    unchecked = [row[2] for row in rows if not row[5]]
    assert unchecked == ["Dhushmara"]  # one source only for its Bangla spelling


def test_loader_reads_thana_rows_and_files_without_them(tmp_path):
    data = {
        "divisions": [["C", "Dhaka", "ঢাকা", []]],
        "districts": [["40", "C", "Narayanganj", "নারায়ণগঞ্জ", []]],
        "upazilas": [["400", "40", "Narayanganj Sadar", "নারায়ণগঞ্জ সদর"]],
        "thanas": [
            ["84001", "40", "Fatullah", "ফতুল্লা", ["Fatullah Model"], True],
            ["84002", "40", "Siddhirganj", "সিদ্ধিরগঞ্জ", []],
        ],
    }
    path = tmp_path / "geo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    g = load_geography_file(path)
    assert [u.name for u in g.upazilas("Narayanganj", kind=THANA)] == ["Fatullah", "Siddhirganj"]
    assert g.upazila("Fatullah Model", "Narayanganj").code == "84001"
    del data["thanas"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_geography_file(path).upazilas(kind=THANA) == []


def test_the_builder_refuses_a_thana_named_like_a_place_of_its_district():
    b = _builder()
    upazilas = [["400", "40", "Narayanganj Sadar", "নারায়ণগঞ্জ সদর", ["Narayanganj Model"]]]
    fatullah = ["84001", "40", "Fatullah", "ফতুল্লা", [], True]
    b._check_thanas([], [fatullah], upazilas)  # fine on its own
    clash = ["84002", "40", "Sadar", "নারায়ণগঞ্জ সদর", [], True]  # the upazila's Bangla name
    with pytest.raises(SystemExit, match="shares"):
        b._check_thanas([], [fatullah, clash], upazilas)
    twin = ["84002", "40", "Fatulla", "ফতুল্লা", [], True]  # another thana's Bangla name
    with pytest.raises(SystemExit, match="shares"):
        b._check_thanas([], [fatullah, twin], upazilas)
    alias = ["84002", "40", "Sadar Model", "সদর মডেল", ["Narayanganj Model"], True]  # the upazila's alias
    with pytest.raises(SystemExit, match="shares"):
        b._check_thanas([], [fatullah, alias], upazilas)
    metro = ["94001", "40", "Fatullah", "ফতুল্লা", [], True]  # a metro thana of the same name
    with pytest.raises(SystemExit, match="shares"):
        b._check_thanas([metro], [fatullah], upazilas)
    for bad_code in ("84101", "9400", "84001x", "400"):
        with pytest.raises(SystemExit):
            b._check_thanas([], [[bad_code, *fatullah[1:]]], upazilas)


def test_the_builders_table_is_the_packaged_one():
    b = _builder()
    data = geo_module._read_packaged()
    assert [row[0] for row in data["thanas"]] == sorted(row[0] for row in b.THANAS)
    assert {row[2] for row in data["thanas"]} == {row[2] for row in b.THANAS}


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def test_the_upazila_select_and_the_rest_listing_offer_the_district_thanas(client):
    page = client.get("/master_data/geo/upazilas", params={"district": "40"}).text
    assert 'value="84001"' in page and "Fatullah" in page and 'value="84002"' in page
    rows = client.get("/api/v1/master_data/geography/upazilas", params={"district": "Narayanganj"}).json()
    fatullah = next(r for r in rows if r["code"] == "84001")
    assert (fatullah["district"], fatullah["name"], fatullah["name_bn"], fatullah["kind"]) == (
        "40", "Fatullah", "ফতুল্লা", "thana")
    only = client.get("/api/v1/master_data/geography/upazilas", params={"district": "Narayanganj",
                                                                        "kind": "thana"}).json()
    assert {r["name"] for r in only} == {"Fatullah", "Siddhirganj"}


def test_a_party_address_in_a_district_thana_is_stored_by_code_and_revalidates(admin):
    # on both databases: the five-digit code fits the address column and validates again on update
    v = service.create_party(
        PartyInput(
            legal_name="Shitalakshya Bricks Ltd.",
            party_type="company",
            roles=["vendor"],
            vendor_categories=["supplier"],
            addresses=[AddressIn(line1="পাগলা বাজার", district="নারায়ণগঞ্জ", upazila="ফতুল্লা")],
        )
    )
    assert (v.addresses[0].division, v.addresses[0].district, v.addresses[0].upazila) == ("C", "40", "84001")
    stored = service.get_party(v.id)
    data = PartyInput(**stored.model_dump(include=set(PartyInput.model_fields)))
    assert service.update_party(v.id, data, stored.version).addresses[0].upazila == "84001"
    wrong = data.model_copy(update={"addresses": [AddressIn(line1="x", district="Dhaka", upazila="84001")]})
    with pytest.raises(ValidationFailed) as err:
        service.update_party(v.id, wrong, stored.version)
    assert err.value.field.startswith("addresses[0]")
