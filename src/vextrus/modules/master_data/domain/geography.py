"""Bangladesh's divisions, districts, upazilas and police thanas, and address validation
against them.

The list ships as package data (data/geography.json, source in data/SOURCE.md) and is
read once, on first use: most requests never need it, and it never changes at run time.
Divisions and districts are keyed by their ISO 3166-2:BD codes (A-H, 01-64); upazilas
by the source's numeric id, metropolitan thanas (kind "metro_thana") by their six-digit
BBS geocode or, lacking one, a five-digit "9" + district code, and the district police's
thanas that are no upazila (kind "thana", Fatullah) by a five-digit "8" + district code
(data/SOURCE.md). All sit in an address's upazila/thana field. Names match in English
(with old spellings) or Bangla.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import MasterDataError
from .identifiers import validate_postcode
from .search import normalise_key


@dataclass(frozen=True, slots=True)
class Division:
    code: str  # ISO 3166-2:BD suffix, "A".."H"
    name: str
    name_bn: str
    aliases: tuple[str, ...] = ()

    @property
    def iso_code(self) -> str:
        return f"BD-{self.code}"


@dataclass(frozen=True, slots=True)
class District:
    code: str  # ISO 3166-2:BD suffix, "01".."64"
    division_code: str
    name: str
    name_bn: str
    aliases: tuple[str, ...] = ()

    @property
    def iso_code(self) -> str:
        return f"BD-{self.code}"


UPAZILA = "upazila"
METRO_THANA = "metro_thana"
THANA = "thana"  # a district police thana that is neither an upazila nor a metro thana


@dataclass(frozen=True, slots=True)
class Upazila:
    """An upazila or a police thana: the level below the district in an address."""

    code: str  # upazilas: source id (1-3 digits); metro thanas: BBS geocode (6) or 9DDnn; thanas: 8DDnn
    district_code: str
    name: str
    name_bn: str
    kind: str = UPAZILA  # "upazila" | "metro_thana" | "thana"
    aliases: tuple[str, ...] = ()


def _not_found(field: str, what_en: str, what_bn: str, value: str) -> MasterDataError:
    return MasterDataError(
        f"master_data.unknown_{field}",
        f"Unknown {what_en}: '{value}'",
        f"অজানা {what_bn}: '{value}'",
        field=field,
        details={"value": value},
    )


class Geography:
    """An immutable, indexed copy of the administrative list."""

    def __init__(
        self,
        divisions: Iterable[Division],
        districts: Iterable[District],
        upazilas: Iterable[Upazila],
    ) -> None:
        self._divisions = {d.code: d for d in divisions}
        self._districts = {d.code: d for d in districts}
        self._upazilas = {u.code: u for u in upazilas}
        self._division_by_name = self._index(
            (d, (d.name, d.name_bn, *d.aliases)) for d in self._divisions.values()
        )
        self._district_by_name = self._index(
            (d, (d.name, d.name_bn, *d.aliases)) for d in self._districts.values()
        )

    @staticmethod
    def _index(rows: Iterable[tuple[object, tuple[str, ...]]]) -> dict[str, object]:
        index: dict[str, object] = {}
        for obj, names in rows:
            for name in names:
                index[normalise_key(name)] = obj
        return index

    @classmethod
    def from_json(cls, data: dict) -> Geography:
        return cls(
            (Division(c, n, bn, tuple(a)) for c, n, bn, a in data["divisions"]),
            (District(c, dv, n, bn, tuple(a)) for c, dv, n, bn, a in data["districts"]),
            [
                *(  # an optional 5th column: other names (a police thana's spelling)
                    Upazila(str(c), d, n, bn, UPAZILA, tuple(rest[0]) if rest else ())
                    for c, d, n, bn, *rest in data["upazilas"]
                ),
                *(  # a 6th column, bn_checked (is the Bangla name two-source checked?), is not loaded
                    Upazila(str(c), d, n, bn, kind, tuple(a))
                    for key, kind in (("metro_thanas", METRO_THANA), ("thanas", THANA))
                    for c, d, n, bn, a, *_ in data.get(key, ())
                ),
            ],
        )

    # --- listing -------------------------------------------------------------
    def divisions(self) -> list[Division]:
        return sorted(self._divisions.values(), key=lambda d: d.name)

    def districts(self, division: str | None = None) -> list[District]:
        rows = self._districts.values()
        if division is not None:
            code = self.division(division).code
            rows = [d for d in rows if d.division_code == code]
        return sorted(rows, key=lambda d: d.name)

    def upazilas(self, district: str | None = None, kind: str | None = None) -> list[Upazila]:
        """Upazilas, metro thanas and district thanas (or one `kind`), by district then name."""
        rows = self._upazilas.values()
        if district is not None:
            code = self.district(district).code
            rows = [u for u in rows if u.district_code == code]
        if kind is not None:
            rows = [u for u in rows if u.kind == kind]
        return sorted(rows, key=lambda u: (u.district_code, u.name))

    # --- lookup ---------------------------------------------------------------
    def division(self, code_or_name: str) -> Division:
        """By ISO code ("C", "BD-C") or English/Bangla name; raises if unknown."""
        key = code_or_name.strip().upper().removeprefix("BD-")
        found = self._divisions.get(key) or self._division_by_name.get(normalise_key(code_or_name))
        if found is None:
            raise _not_found("division", "division", "বিভাগ", code_or_name)
        return found  # type: ignore[return-value]

    def district(self, code_or_name: str) -> District:
        """By ISO code ("13", "BD-13") or English/Bangla name (Bangla digits allowed)."""
        key = normalise_key(code_or_name).upper().removeprefix("BD-")
        if key.isdigit() and len(key) == 1:
            key = "0" + key
        found = self._districts.get(key) or self._district_by_name.get(normalise_key(code_or_name))
        if found is None:
            raise _not_found("district", "district", "জেলা", code_or_name)
        return found  # type: ignore[return-value]

    def upazila(self, code_or_name: str, district: str | None = None) -> Upazila:
        """By id, or by English/Bangla name. A name shared by several upazilas
        (e.g. Nawabganj) needs `district` to pick one; ambiguity raises."""
        key = normalise_key(code_or_name)
        if key in self._upazilas:
            found = self._upazilas[key]
            if district is not None and found.district_code != self.district(district).code:
                raise self._outside(found, district)
            return found
        matches = self.find_upazilas(code_or_name, district)
        if not matches:
            raise _not_found("upazila", "upazila", "উপজেলা", code_or_name)
        if len(matches) > 1:
            value = code_or_name  # as typed
            raise MasterDataError(
                "master_data.ambiguous_upazila",
                f"Several upazilas are called '{code_or_name}'; choose the district",
                f"'{value}' নামে একাধিক উপজেলা আছে; জেলা নির্বাচন করুন",
                field="upazila",
                details={"candidates": [u.code for u in matches]},
            )
        return matches[0]

    def find_upazilas(self, name: str, district: str | None = None) -> list[Upazila]:
        """Upazilas/thanas whose English or Bangla name (or an alias) equals `name`
        (case-insensitive)."""
        key = normalise_key(name)
        pool = self.upazilas(district)
        return [
            u
            for u in pool
            if key in (normalise_key(u.name), normalise_key(u.name_bn), *map(normalise_key, u.aliases))
        ]

    def search(self, text: str, limit: int = 20) -> list[Division | District | Upazila]:
        """Places whose English or Bangla name starts with or contains `text`, prefix
        matches first: for autocomplete fields."""
        key = normalise_key(text)
        if not key:
            return []
        scored: list[tuple[int, str, Division | District | Upazila]] = []
        pools: list[Iterable[Division | District | Upazila]] = [
            self._divisions.values(),
            self._districts.values(),
            self._upazilas.values(),
        ]
        for rank, pool in enumerate(pools):
            for place in pool:
                names = [normalise_key(place.name), normalise_key(place.name_bn)]
                names += [normalise_key(a) for a in getattr(place, "aliases", ())]
                if any(n.startswith(key) for n in names):
                    scored.append((rank, place.name, place))
                elif any(key in n for n in names):
                    scored.append((rank + 3, place.name, place))
        scored.sort(key=lambda s: (s[0], s[1]))
        return [s[2] for s in scored[:limit]]

    def _outside(self, upazila: Upazila, district: str) -> MasterDataError:
        d = self.district(district)
        return MasterDataError(
            "master_data.upazila_not_in_district",
            f"Upazila {upazila.name} is not in {d.name} district",
            f"{upazila.name_bn} উপজেলা {d.name_bn} জেলায় নয়",
            field="upazila",
            details={"upazila": upazila.code, "district": d.code},
        )

    # --- address --------------------------------------------------------------
    def validate_address(self, address: Address) -> Address:
        """Check the hierarchy (upazila in district, district in division) and the
        postcode; return the address with codes resolved from names. Missing levels are
        filled from the lower one (an upazila implies its district and division)."""
        division = self.division(address.division) if address.division else None
        district = self.district(address.district) if address.district else None
        upazila = (
            self.upazila(address.upazila, district.code if district else None) if address.upazila else None
        )
        if upazila is not None:
            if district is not None and upazila.district_code != district.code:
                raise self._outside(upazila, district.code)
            district = self._districts[upazila.district_code]
        if district is not None:
            if division is not None and district.division_code != division.code:
                raise MasterDataError(
                    "master_data.district_not_in_division",
                    f"District {district.name} is not in {division.name} division",
                    f"{district.name_bn} জেলা {division.name_bn} বিভাগে নয়",
                    field="district",
                    details={"district": district.code, "division": division.code},
                )
            division = self._divisions[district.division_code]
        postcode = validate_postcode(address.postcode).value if address.postcode else None
        country = (address.country or "BD").strip().upper()
        if country != "BD" and (division or district or upazila):
            raise MasterDataError(
                "master_data.foreign_address_with_bd_region",
                "A foreign address cannot have a Bangladeshi division, district or upazila",
                "বিদেশি ঠিকানায় বাংলাদেশের বিভাগ, জেলা বা উপজেলা থাকতে পারে না",
                field="country",
            )
        if not address.line1.strip():
            raise MasterDataError(
                "master_data.address_line_required",
                "Address line 1 is required",
                "ঠিকানার প্রথম লাইন আবশ্যক",
                field="line1",
            )
        return Address(
            line1=address.line1.strip(),
            line2=address.line2.strip() if address.line2 else None,
            city=address.city.strip() if address.city else None,
            division=division.code if division else None,
            district=district.code if district else None,
            upazila=upazila.code if upazila else None,
            postcode=postcode,
            country=country,
            kind=address.kind,
        )


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address. Region fields take codes or names; `validate_address` returns
    them as codes (division "C", district "13", upazila id)."""

    line1: str
    line2: str | None = None
    city: str | None = None
    division: str | None = None
    district: str | None = None
    upazila: str | None = None
    postcode: str | None = None
    country: str = "BD"
    kind: str = "registered"  # registered, billing, shipping, site, …


DATA_FILE = "geography.json"


def _read_packaged() -> dict:
    ref = resources.files("vextrus.modules.master_data").joinpath("data", DATA_FILE)
    return json.loads(ref.read_text(encoding="utf-8"))


@functools.cache
def load_geography() -> Geography:
    """The packaged geography, parsed on the first call and shared afterwards."""
    return Geography.from_json(_read_packaged())


def load_geography_file(path: str | Path) -> Geography:
    """A geography from another file in the same format (tests, a newer data release)."""
    return Geography.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def validate_address(address: Address, geography: Geography | None = None) -> Address:
    """`Geography.validate_address` on the packaged data unless another is given."""
    return (geography or load_geography()).validate_address(address)
