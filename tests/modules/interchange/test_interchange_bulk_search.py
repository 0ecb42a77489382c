"""Parties imported in bulk through interchange (an XLSX file, the dry run, the commit: master data's
bulk write, not its form) are found by the party search by every kind of term the search index
advertises (master_data/search.py): a word of the English name and its prefixes of one, two, three
and more characters, a word of the Bangla name and its prefixes, two words together, the code and
its parts, and the digits of the e-TIN, BIN, NID and mobile number (as 01…, 8801… and with Bangla
digits). Legal-form words (Ltd.) are not terms. On both databases."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from vextrus.modules.interchange import service
from vextrus.modules.interchange.schemas import CommitInput
from vextrus.modules.master_data import api as master_data

HEADER = ["Code", "Legal name", "বাংলায় আইনি নাম", "Roles", "e-TIN", "BIN", "NID", "Mobile"]
PADMA = ["PB-7", "Padma Steel Mills Ltd.", "পদ্মা স্টিল", "customer;vendor", "123456789012", "0001234560101",
         "1990123456789", "01711000111"]
OTHERS = [["", f"Meghna Traders {i}", "", "vendor", "", "", "", f"0181{i:07d}"] for i in range(40)]


def _xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v:
                ws.write_string(r, c, v)
    book.close()
    return out.getvalue()


@pytest.fixture()
def imported(db, admin) -> None:
    run = service.upload("master_data.parties", "parties.xlsx", _xlsx([HEADER, *OTHERS, PADMA]))
    assert service.check(run.id).rows_refused == 0
    done = service.commit(run.id, CommitInput(mode="all_or_nothing"))
    assert done.status == "committed" and done.rows_written == len(OTHERS) + 1


@pytest.mark.parametrize("q", [
    "padma", "p", "pa", "pad", "padm", "steel", "mills", "PADMA STEEL", "steel padma",  # English words, prefixes
    "পদ্মা", "প", "পদ", "পদ্", "স্টিল", "পদ্মা স্টিল",  # Bangla words and prefixes
    "PB-7", "pb-7", "pb", "7",  # the code and its parts
    "123456789012", "1234", "0001234560101", "1990123456789",  # e-TIN, its prefix, BIN, NID
    "01711000111", "01711-000 111", "8801711000111", "+880 1711 000111", "০১৭১১০০০১১১",  # mobile as people type it
])
def test_a_party_imported_in_bulk_is_found_by_each_kind_of_term(imported, q):
    assert "Padma Steel Mills Ltd." in [p.legal_name for p in master_data.search_parties(q, limit=100)]


@pytest.mark.parametrize("q", ["ltd", "padmax", "steel meghna", "01711000112", "পদ্মাস"])
def test_what_is_not_a_term_of_the_party_does_not_find_it(imported, q):
    assert "Padma Steel Mills Ltd." not in [p.legal_name for p in master_data.search_parties(q, limit=100)]


def test_many_bulk_imported_parties_sharing_a_word_are_all_found_and_only_they(imported):
    found = [p.legal_name for p in master_data.search_parties("meghna traders", limit=100)]
    assert sorted(found) == sorted(f"Meghna Traders {i}" for i in range(40))
    assert [p.legal_name for p in master_data.search_parties("meghna 17", limit=100)] == ["Meghna Traders 17"]
