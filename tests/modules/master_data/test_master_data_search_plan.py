"""Search gives the same pages whichever plan runs (few candidates sorted, or common words walked
in id order), on both databases; and the index terms keep their prefix rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vextrus.modules.master_data import search, service
from vextrus.modules.master_data.schemas import PartyInput

NAMES = ["Meghna Cement Mills", "Meghna Steel", "Megha Traders", "Padma Cement", "Padma Builders Meghna",
         "Karnaphuli Cement Works", "Mega Bricks", "Cemex Steel Padma", "Rupali Traders", "Steel Mega Works"]
QUERIES = ["meg", "me", "meghna", "megh cem", "cem", "cement padma", "ste pad", "m", "karnaphuli c", "mega",
           "work", "traders meghna", "x", "padma meghna builders", "p-0000", "p-000003"]


def _oracle(query: str, parties) -> list[str]:
    """Every word of the query is a prefix of a word of the name or of the code (or its parts)."""
    out = []
    for p in parties:
        terms = search.party_terms(p.legal_name, None, p.code, ())
        if all(any(t.startswith(w) for t in terms) for w in search.query_words(query)):
            out.append(p.code)
    return sorted(out)


def _all_pages(query: str, size: int) -> list[str]:
    codes, after = [], None
    while True:
        page = service.search_parties(query, first=size, after=after)
        codes += [p.code for p in page.items]
        if not page.has_next_page:
            return codes
        after = page.end_cursor


@pytest.mark.parametrize("limit", [1, 3, 10_000])  # 1: every word counts as common -> ordered walk
def test_both_plans_return_exactly_the_matching_parties_in_pages(admin, monkeypatch, limit):
    made = [service.create_party(PartyInput(legal_name=n, roles=["customer"])) for n in NAMES]
    monkeypatch.setattr(search, "CANDIDATE_LIMIT", limit)
    for q in QUERIES:
        paged = _all_pages(q, 2)
        assert len(paged) == len(set(paged)), q  # no party twice across pages
        assert sorted(paged) == _oracle(q, made), q
        by_id = [p.code for p in sorted(made, key=lambda p: p.id) if p.code in paged]
        assert paged == by_id, q  # id order, as the cursor assumes


def test_common_word_walk_respects_role_and_archived_filters(admin, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATE_LIMIT", 1)
    v = service.create_party(PartyInput(legal_name="Meghna Supply", roles=["vendor"]))
    c = service.create_party(PartyInput(legal_name="Meghna Buyer", roles=["customer"]))
    gone = service.create_party(PartyInput(legal_name="Meghna Old", roles=["vendor"]))
    service.archive_party(gone.id)
    assert [p.code for p in service.search_parties("meg", role="vendor").items] == [v.code]
    assert [p.code for p in service.search_parties("meg", role="customer").items] == [c.code]
    assert {p.code for p in service.search_parties("meg", include_archived=True).items} == {v.code, c.code, gone.code}


@given(st.sets(st.text(alphabet="abcমেঘ১2", min_size=1, max_size=8), min_size=1, max_size=4))
def test_every_prefix_of_a_term_up_to_the_prefix_length_is_a_term(words):
    terms = search.with_prefixes(words)
    for w in words:
        assert w in terms
        for j in range(1, min(len(w), search.PREFIX_LEN) + 1):
            assert w[:j] in terms
    assert all(len(t) <= search.PREFIX_LEN or t in words for t in terms)


def test_item_words_keep_legal_form_looking_words_and_bangla_marks():
    terms = search.item_terms("MS rod 60-grade", "এমএস রড", "ROD-60", None)
    assert {"ms", "rod", "60", "grade", "এমএস", "রড", "rod-60"} <= terms
    assert "ms" not in search.party_terms("M/S Meghna Traders Ltd", None, "P-000001", ())


@pytest.mark.sqlite_only  # PostgreSQL gathers its own statistics
def test_sqlite_looks_up_a_page_of_ids_by_primary_key_not_by_tenant(db, admin):
    """Without statistics SQLite planned `id IN (…) AND tenant_id = ?` on the tenant index, i.e.
    read the whole tenant per page; migration 0004 seeds statistics that say what a tenant is."""
    from sqlalchemy import text

    with db.engine.connect() as c:
        plans = {q: " ".join(r[-1] for r in c.execute(text(f"EXPLAIN QUERY PLAN {q}"), {"t": "x"}))
                 for q in ("SELECT id FROM master_data_party WHERE id IN ('a', 'b', 'c') AND tenant_id = :t",
                           "SELECT id FROM master_data_item WHERE id IN ('a', 'b') AND status != 'archived' AND tenant_id = :t",
                           "SELECT 1 FROM master_data_search_term WHERE kind = 'party' AND entity_id = 'a' AND tenant_id = :t "
                           "AND substr(term, 1, 4) = 'megh'")}
    for q, plan in plans.items():
        assert "tenant_id=?" not in plan, (q, plan)


def test_postgresql_prefix_range_is_an_index_condition_under_row_level_security(db, admin, tenant_id):
    """LIKE is not leakproof: for a non-superuser role under RLS PostgreSQL cannot use it on the
    index and read the whole table (60 ms at 10,000 parties). The pattern-operator range can."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    from sqlalchemy import select, text

    from vextrus.modules.master_data.tables import SearchTermRow as T

    stmt = select(T.entity_id).where(T.tenant_id == tenant_id, T.kind == "party",
                                     search.prefix(T.term, "megh", "postgresql"))
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as c:
        if c.exec_driver_sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user").scalar():
            # a superuser ignores RLS: look through the eyes of a plain role instead
            c.exec_driver_sql("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'md_search_probe') "
                              "THEN CREATE ROLE md_search_probe; END IF; END$$")
            c.exec_driver_sql("GRANT USAGE ON SCHEMA master_data TO md_search_probe")
            c.exec_driver_sql("GRANT SELECT ON master_data.master_data_search_term TO md_search_probe")
            c.exec_driver_sql("SET LOCAL ROLE md_search_probe")
        c.execute(text("SELECT set_config('vextrus.tenant_id', :t, true)"), {"t": str(tenant_id)})
        if not c.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar():
            # a tenant with many terms, so the planner has a reason to prefer the term range over
            # the tenant column alone (on an empty table any index looks equally cheap)
            c.execute(text("INSERT INTO master_data.master_data_search_term (tenant_id, kind, entity_id, term) "
                           "SELECT CAST(:t AS uuid), 'party', gen_random_uuid(), 'w' || g FROM generate_series(1, 3000) g"),
                      {"t": str(tenant_id)})
            c.exec_driver_sql("ANALYZE master_data.master_data_search_term")
        c.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in c.exec_driver_sql("EXPLAIN " + sql))
        c.rollback()
    index_conds = [ln for ln in plan.splitlines() if "Index Cond" in ln]
    assert index_conds and "~>=~" in index_conds[0] and "~<~" in index_conds[0], plan
