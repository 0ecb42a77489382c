"""Imports: bounded and linear (issue 10, findings 4 and 9; docs/security.md).

- duplicate detection is blocked (each row compared with a capped number of candidates sharing
  a key), and finds the same pairs as comparing all pairs on realistic similar names;
- a dry run never takes SQLite's write lock, nor does the checking phase of a real import;
- the real import writes all rows in one transaction, or none (also when someone saved a
  conflicting party while the file was being checked);
- row and size limits from settings; an unterminated quote or a non-UTF-8 file is refused with
  the line, in English and Bangla, never a 500 and never rows silently swallowed.
"""

from __future__ import annotations

import random
import sqlite3
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from vextrus.modules.master_data import imports, service
from vextrus.modules.master_data.domain import matching
from vextrus.modules.master_data.domain.party import Party
from vextrus.modules.master_data.schemas import PartyInput
from vextrus.modules.master_data.service import items as item_service
from vextrus.platform.errors import ValidationFailed

FIRST = ["Rahman", "Karim", "Hossain", "Alam", "Islam", "Chowdhury", "Ahmed", "Akter", "Meghna", "Padma", "Jamuna",
         "Sonali", "Rupali", "Bengal", "Modern", "United", "Apex", "Star", "Green", "Crescent"]
KIND = ["Traders", "Builders", "Construction", "Enterprise", "Steel", "Cement", "Bricks", "Engineering",
        "Suppliers", "Hardware"]
BN = ["মেঘনা", "পদ্মা", "যমুনা", "রহমান", "করিম", "আলম", "ইসলাম", "চৌধুরী"]
BN_KIND = ["ট্রেডার্স", "বিল্ডার্স", "কনস্ট্রাকশন", "সিমেন্ট", "স্টিল"]


def _typo(rng: random.Random, s: str) -> str:
    i = rng.randrange(len(s))
    c = rng.choice("aeiourstn")
    return [s[:i] + c + s[i + 1:], s[:i] + s[i + 1:], s[:i] + c + s[i:]][rng.randrange(3)]


def similar_names(n: int, seed: int) -> list[tuple[str, str | None]]:
    """Names as people enter them: a vocabulary of common words, and 40% near-copies of an
    earlier name (a slip of one letter, words swapped, "Ltd" added, the Bangla name kept)."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    for _ in range(n):
        if out and rng.random() < 0.4:
            en, bn = rng.choice(out)
            r = rng.random()
            en = _typo(rng, en) if r < 0.6 else (" ".join(reversed(en.split())) if r < 0.8 else f"M/S {en} Ltd.")
            out.append((en, bn))
        else:
            en = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(KIND)}"
            if rng.random() < 0.3:
                en += f" {rng.randrange(100)}"
            out.append((en, f"{rng.choice(BN)} {rng.choice(BN_KIND)}" if rng.random() < 0.3 else None))
    return out


def _fp(i: int, en: str, bn: str | None) -> matching.Fingerprint:
    return matching.Fingerprint(i, en, tuple(n for n in (matching.prepare_name(en), matching.prepare_name(bn)) if n),
                                legal_name=en)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blocked_matcher_finds_the_pairs_of_the_exhaustive_one(seed):
    names = similar_names(300, seed)
    fps = [_fp(i, en, bn) for i, (en, bn) in enumerate(names)]
    index = matching.MatchIndex()
    blocked, exhaustive = set(), set()
    for i, fp in enumerate(fps):
        blocked |= {(i, m.other.ref, m.reasons, m.score) for m in index.matches(fp)}
        exhaustive |= {(i, m.other.ref, m.reasons, m.score) for m in matching.exhaustive_matches(fp, fps[:i])}
        index.add(fp)
    assert len(exhaustive) > 100  # the data really is full of near-duplicates
    assert blocked == exhaustive
    assert index.compared <= len(fps) * 2 * matching.CANDIDATE_CAP


def test_prepared_similarity_is_name_similarity():
    from vextrus.modules.master_data.domain import name_similarity

    names = [en for en, _ in similar_names(60, 7)] + ["M/S Rahman Traders Ltd.", "রহমান ট্রেডার্স লিমিটেড"]
    for a in names:
        for b in names:
            pa, pb = matching.prepare_name(a), matching.prepare_name(b)
            assert round(matching.similarity(pa, pb), 6) == round(name_similarity(a, b), 6)


def test_compare_gives_the_reasons_and_score_of_find_duplicates():
    from vextrus.modules.master_data import domain

    def party(**kw: object) -> Party:
        return Party(party_type="company", roles=frozenset({"customer"}), **kw)  # type: ignore[arg-type]

    a = party(legal_name="Rahman Traders", tin="123456789012", mobile="01711000111")
    b = party(id="b", legal_name="Rahmam Traders Ltd", tin="123456789012")
    c = party(id="c", legal_name="Karim Steel", mobile="+8801711000111")
    want = [(m.party.id, m.reasons, m.name_score) for m in domain.find_duplicates(a, [b, c])]
    fa = matching.fingerprint(a, "a")
    found = [matching.compare(fa, matching.fingerprint(o, o.id)) for o in (b, c)]
    got = [(m.other.ref, m.reasons, m.score) for m in matching.rank(m for m in found if m is not None)]
    assert got == want


def test_work_per_row_is_capped_however_many_names_are_alike():
    index = matching.MatchIndex()
    for i in range(3000):  # every name shares "Rahman Traders"
        fp = _fp(i, f"Rahman Traders {i}", None)
        index.matches(fp)
        index.add(fp)
    assert index.compared <= 3000 * matching.CANDIDATE_CAP


# ---- the import, on both databases -----------------------------------------------------------------


HEADER = "legal_name,legal_name_bn,roles,tin,mobile\n"


def _csv(rows: list[str]) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_import_reports_similar_names_in_the_file_and_in_the_book(admin):
    service.create_party(PartyInput(legal_name="Meghna Cement Industries"))
    data = _csv(["Meghna Cement Industries Ltd,,vendor,,", "Padma Steel Mills,,customer,,",
                 "Padma Steel Mill,,customer,,"])
    report = imports.run_import("parties", data, dry_run=True)
    assert report.errors == [] and report.valid == 3
    first, second = report.warnings
    assert (first.row, first.code, first.field, first.similar_row) == (1, "master_data.similar_party", "legal_name", None)
    assert first.similar_code.startswith("P-") and "Meghna Cement Industries" in first.message
    assert first.reasons == ["similar_name"] and first.score >= 0.85 and first.similar_code in first.message_bn
    assert (second.row, second.similar_row) == (3, 2) and "row 2 Padma Steel Mills of this file" in second.message
    assert "এই ফাইলের সারি ২ Padma Steel Mills" in second.message_bn
    real = imports.run_import("parties", data, dry_run=False)
    assert len(real.created) == 3 and len(set(real.created)) == 3
    assert {p.legal_name for p in service.search_parties("padma").items} == {"Padma Steel Mills", "Padma Steel Mill"}
    assert service.search_parties("mill").items  # the search index was written too


def test_a_party_saved_while_the_file_is_checked_makes_the_whole_import_fail(admin):
    """All or nothing: identifiers are checked again inside the write transaction."""
    rows = [f"Party {i} Traders,,customer,,01711{i:06d}" for i in range(1, 251)]

    def meanwhile(phase: str, done: int, total: int) -> None:
        if phase == "check" and done == 100:
            service.create_party(PartyInput(legal_name="Someone Else", mobile="01711000200"))

    report = imports.run_import("parties", _csv(rows), dry_run=False, progress=meanwhile)
    assert [(e.row, e.code, e.field) for e in report.errors] == [(200, "master_data.duplicate_party", "mobile")]
    assert report.errors[0].message_bn and report.created == []
    assert [p.legal_name for p in service.search_parties("").items] == ["Someone Else"]


def test_codes_come_from_the_series_and_skip_codes_typed_by_hand(admin):
    service.create_party(PartyInput(legal_name="First"))  # P-000001
    data = (b"code,legal_name\nP-000003,Typed By Hand\n,Auto One\n,Auto Two\n")
    report = imports.run_import("parties", data, dry_run=False)
    assert report.errors == [] and report.created == ["P-000003", "P-000002", "P-000004"]
    again = imports.run_import("parties", b"code,legal_name\np-000003,Again\nX-1,Mine\nx-1,Mine too\n", dry_run=True)
    assert [(e.row, e.code) for e in again.errors] == [(1, "master_data.duplicate_code"),
                                                       (3, "master_data.duplicate_code")]


def test_row_and_size_limits_come_from_settings(db, admin, monkeypatch):
    monkeypatch.setattr(db.settings, "import_max_rows", 3)
    with pytest.raises(ValidationFailed) as err:
        imports.run_import("parties", _csv([f"P{i},,," for i in range(4)]))
    assert err.value.code == "import_too_many_rows" and err.value.field == "file"
    assert err.value.message_bn and err.value.details["limit"] == 3
    assert imports.run_import("parties", _csv([f"Name {i},,,," for i in range(3)])).valid == 3
    monkeypatch.setattr(db.settings, "max_upload_bytes", 2048)
    with pytest.raises(ValidationFailed) as err:
        imports.run_import("items", b"code,name\n" + b"X,y\n" * 1000)
    assert err.value.code == "import_too_large" and err.value.details["limit"] == 2048 and err.value.message_bn


@pytest.mark.parametrize("kind,header", [("parties", "legal_name,tin"), ("items", "code,name,name_bn,base_unit")])
def test_an_unterminated_quote_is_refused_with_its_line(admin, kind, header):
    body = f'{header}\n"Alpha,1\nBeta,2\nGamma,3\n'.encode()
    with pytest.raises(ValidationFailed) as err:
        imports.run_import(kind, body)
    assert err.value.code == "csv_unterminated_quote" and err.value.details["line"] == 2
    assert err.value.message.startswith("Line 2:") and err.value.message_bn.startswith("লাইন ২:")
    closed_late = f'{header}\n"Alpha,1\nBeta",2\nGamma,3\n'.encode()  # closed on a later line: rows swallowed
    with pytest.raises(ValidationFailed) as err:
        imports.run_import(kind, closed_late)
    assert err.value.code == "csv_multiline_field" and err.value.details["line"] == 2


def test_items_import_checks_codes_without_writing_then_writes_all(admin):
    data = b"code,name,name_bn,base_unit\nCEM-1,Cement,\xe0\xa6\xb8\xe0\xa6\xbf,bag\nROD-1,Rod,\xe0\xa6\xb0,kg\n"
    assert imports.run_import("items", data, dry_run=True).errors == []
    assert item_service.search_items("").items == []
    report = imports.run_import("items", data + b"cem-1,Again,x,bag\n", dry_run=False)
    assert [(e.row, e.code) for e in report.errors] == [(3, "master_data.duplicate_item_code")]
    assert report.created == [] and item_service.search_items("").items == []
    assert imports.run_import("items", data, dry_run=False).created == ["CEM-1", "ROD-1"]


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def test_rest_refuses_bad_files_with_a_code_not_a_500(client):
    cases = [(b"legal_name\n\xff\xfeAlpha\n", "file_not_utf8"),
             (b'legal_name\n"Alpha\nBeta\n', "csv_unterminated_quote"),
             (b"legal_name\nA\x00B\n", "csv_nul_byte")]
    for body, code in cases:
        r = client.post("/api/v1/master_data/import/parties?dry_run=true", files={"file": ("p.csv", body, "text/csv")})
        assert r.status_code == 422, r.text
        assert r.json()["code"] == code and r.json()["message_bn"] and r.json()["field"] == "file"


# ---- no write lock while a file is checked (SQLite) ------------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("kind", ["parties", "items"])
def test_another_connection_can_write_while_a_big_file_is_checked(db, admin, monkeypatch, kind, dry_run):
    """The import is paused at its 1,000th row (by wrapping the row parser, which every version of
    the import calls while it checks the file); meanwhile a plain sqlite3 connection must get the
    write lock at once (timeout 0: "database is locked" if the import holds it)."""
    if kind == "parties":
        body = _csv([f"{random.Random(i).choice(FIRST)} Traders {i},,customer,," for i in range(2000)])
    else:
        body = ("code,name,name_bn,base_unit\n" + "".join(f"IT-{i},Item {i},x,kg\n" for i in range(2000))).encode()
    parse_name = "party_from_row" if kind == "parties" else "item_from_row"
    parse = getattr(imports, parse_name)
    reached, checked = threading.Event(), threading.Event()
    calls = [0]

    def paused(row):  # noqa: ANN001, ANN202
        calls[0] += 1
        if calls[0] == 1000:
            reached.set()
            assert checked.wait(60), "the main thread never tried the write lock"
        return parse(row)

    monkeypatch.setattr(imports, parse_name, paused)
    outcome: dict[str, object] = {}

    def run() -> None:
        from vextrus.platform import context

        with context.acting_as(admin):
            try:
                outcome["report"] = imports.run_import(kind, body, dry_run=dry_run)
            except BaseException as exc:  # noqa: BLE001
                outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert reached.wait(120), outcome
        other = sqlite3.connect(make_url(db.settings.database_url).database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # the write lock
            other.execute("ROLLBACK")
        finally:
            other.close()
    finally:
        checked.set()
        worker.join(300)
    assert "error" not in outcome, outcome
    report = outcome["report"]
    assert report.errors == [] and report.valid == 2000  # type: ignore[attr-defined]
    assert len(report.created) == (0 if dry_run else 2000)  # type: ignore[attr-defined]


def test_imported_parties_are_stored_and_indexed_as_the_form_stores_them(db, admin):
    """The bulk write (Core inserts) leaves the same rows and search terms as the service's own store."""
    from sqlalchemy import select

    from vextrus.modules.master_data.tables import SearchTermRow

    data = ("code,legal_name,legal_name_bn,roles,tin,bin,mobile,address_line1,district,upazila,credit_limit\n"
            "PB-7,Padma Steel Mills Ltd.,পদ্মা স্টিল,customer;vendor,123456789012,,01711000111,Road 1,Dhaka,Savar,"
            "1,50,000\n,Meghna Traders,,vendor,,,,,,,\n").encode()
    report = imports.run_import("parties", data.replace(b"1,50,000", b'"1,50,000"'), dry_run=False)
    assert report.errors == [] and report.created[0] == "PB-7"

    def terms(pid):  # noqa: ANN001, ANN202
        with db.session_factory() as s:
            return set(s.execute(select(SearchTermRow.term).where(SearchTermRow.entity_id == pid)).scalars())

    for code in report.created:
        party = service.find_party_by_code(code)
        before = (terms(party.id), party.model_dump(exclude={"updated_at", "warnings"}))
        again = service.update_party(party.id, PartyInput(**party.model_dump(include=set(PartyInput.model_fields))),
                                     party.version)
        assert again.version == party.version  # nothing changed
        assert (terms(party.id), again.model_dump(exclude={"updated_at", "warnings"})) == before
    pb7 = service.find_party_by_code("PB-7")
    assert pb7.roles == ["customer", "vendor"] and str(pb7.credit_limit) == "150000.00"
    assert pb7.addresses[0].upazila and pb7.vendor_status == "pending" and pb7.status == "active"


def test_a_real_run_right_after_its_dry_run_reuses_its_check_until_a_party_changes(admin):
    """Issue 15: the commit that follows a dry run of the same rows, parties unchanged, does not
    match every row again (its progress goes straight to the end of the check) and says the same;
    once a party was saved in between, the rows are checked again and the new duplicate refused."""
    rows = [f"{name} Traders,,customer,,01711{i:06d}" for i, name in
            enumerate(["Padma Steel", "Padma Steels", "Meghna Cement", "Jamuna Bricks"] * 5, start=1)]
    dry = imports.run_import("parties", _csv(rows), dry_run=True)
    assert dry.errors == [] and dry.warnings  # near-identical names warned about
    seen: list[tuple[str, int]] = []
    real = imports.run_import("parties", _csv(rows), dry_run=False, progress=lambda ph, d, t: seen.append((ph, d)))
    assert [d for ph, d in seen if ph == "check"] == [20] and real.warnings == dry.warnings
    assert len(real.created) == 20

    other = [f"Other {i} Enterprise,,vendor,,01712{i:06d}" for i in range(1, 11)]
    assert imports.run_import("parties", _csv(other), dry_run=True).errors == []
    service.create_party(PartyInput(legal_name="Someone Else", mobile="01712000007"))  # saved in between
    again = imports.run_import("parties", _csv(other), dry_run=False)
    assert [(e.row, e.code, e.field) for e in again.errors] == [(7, "master_data.duplicate_party", "mobile")]
    assert "Someone Else" in again.errors[0].message and again.created == []


def test_a_conflict_found_in_a_later_chunk_undoes_the_chunks_already_written(admin, monkeypatch):
    """All or nothing holds when the write goes 100 rows at a time: rows 1-100 are inserted before
    row 200's mobile is found taken, and none of them stays."""
    monkeypatch.setattr(imports, "WRITE_CHUNK", 100)
    rows = [f"Party {i} Traders,,customer,,01711{i:06d}" for i in range(1, 251)]

    def meanwhile(phase: str, done: int, total: int) -> None:
        if phase == "check" and done == 100:
            service.create_party(PartyInput(legal_name="Someone Else", mobile="01711000200"))

    report = imports.run_import("parties", _csv(rows), dry_run=False, progress=meanwhile)
    assert [(e.row, e.code, e.field) for e in report.errors] == [(200, "master_data.duplicate_party", "mobile")]
    assert report.created == [] and [p.legal_name for p in service.search_parties("").items] == ["Someone Else"]
