"""The search index of parties and items (`master_data_search_term`) and the query that reads it.

Terms are the words of the English and Bangla names (legal-form words dropped), the code and
its parts, and the digits of identifiers (e-TIN, BIN, NID, mobile as 01… and 8801…), plus every
prefix of each term up to `PREFIX_LEN` characters. Those prefix rows are what keeps a short,
common query cheap: `term = 'meg'` reads the index (tenant, kind, term, entity_id) already in
entity-id order, so the first page is the first n+1 index entries instead of a sort of every
match.

A query is planned per call (`search_page`):
- every word gets a capped count (at most `CANDIDATE_LIMIT` index entries);
- if some word is rare (fewer than the cap), its matches are the candidates: the other words
  are checked per candidate through the primary key (kind, entity_id, term) and at most
  `CANDIDATE_LIMIT` rows are sorted;
- otherwise every word is common: the query walks the ordered entry list of one word's
  prefix key and joins the others' keys on entity_id, stopping after n+1 rows.
A word longer than `PREFIX_LEN` uses its first `PREFIX_LEN` characters as the ordered key, and
is then checked per entity on the primary key (`_has_word`); counted and listed as a range
`term ~>=~ 'word' AND term ~<~ 'word' || U+10FFFF` (text_pattern_ops index, leakproof under RLS) on
PostgreSQL, `>= / <` on SQLite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, delete, func, insert, literal, select, text
from sqlalchemy.orm import Session, aliased

from vextrus.platform.errors import ValidationFailed
from vextrus.platform.i18n import to_bangla_digits
from vextrus.platform.pagination import MAX_PAGE, Page, decode_cursor, encode_cursor

from .domain import digits_only, normalise_key, normalise_name
from .tables import SearchTermRow

_WORD_SPLIT = re.compile(r"[\s\-_/.,()]+")
MAX_TERM = 300
PREFIX_LEN = 3  # prefixes 1..3 characters long are stored as their own rows
CANDIDATE_LIMIT = 400
# SQLite's name for the primary-key index (kind, entity_id, term). Without ANALYZE statistics
# SQLite would probe a long word through the covering (tenant_id, kind, term) index instead,
# reading every term of the tenant per candidate.
SQLITE_PK_INDEX = f"sqlite_autoindex_{SearchTermRow.__tablename__}_1"  # a word with fewer index entries than this drives the query


def _words(text: str | None) -> set[str]:
    return set(normalise_name(text).split()) if text else set()


def _all_words(text: str | None) -> set[str]:
    """Every word, legal-form words included: for items "MS rod" is mild-steel rod, not Messrs."""
    if not text:
        return set()
    key = normalise_key(text)
    return {w for w in _WORD_SPLIT.split("".join(" " if not (c.isalnum() or unicodedata.category(c)[0] == "M")
                                                 else c for c in key)) if w}


def code_terms(code: str) -> set[str]:
    key = normalise_key(code)
    return {key, *(p for p in _WORD_SPLIT.split(key) if p)}


def with_prefixes(terms: Iterable[str]) -> set[str]:
    """The terms, cut to MAX_TERM, plus each term's prefixes of 1..PREFIX_LEN characters."""
    out: set[str] = set()
    for t in terms:
        if not t:
            continue
        t = t[:MAX_TERM]
        out.add(t)
        out.update(t[:j] for j in range(1, min(len(t), PREFIX_LEN + 1)))
    return out


def party_terms(legal_name: str, legal_name_bn: str | None, code: str,
                identifiers: Iterable[str | None]) -> set[str]:
    terms = _words(legal_name) | _words(legal_name_bn) | code_terms(code)
    for raw in identifiers:
        d = digits_only(raw or "")
        if not d:
            continue
        terms.add(d)
        if d.startswith("8801"):  # mobile: also as people type it, 01XXXXXXXXX
            terms.add(d[2:])
    return with_prefixes(terms)


def item_terms(name: str, name_bn: str, code: str, hs_code: str | None) -> set[str]:
    terms = _all_words(name) | _all_words(name_bn) | code_terms(code)
    if hs_code:
        terms.add(digits_only(hs_code))
    return with_prefixes(terms)


def reindex(session: Session, kind: str, entity_id: UUID, tenant_id: UUID, terms: set[str]) -> None:
    session.execute(delete(SearchTermRow).where(SearchTermRow.kind == kind, SearchTermRow.entity_id == entity_id))
    if terms:
        session.execute(insert(SearchTermRow), [
            {"tenant_id": tenant_id, "kind": kind, "entity_id": entity_id, "term": t} for t in sorted(terms)])


def unindex(session: Session, kind: str, entity_id: UUID) -> None:
    session.execute(delete(SearchTermRow).where(SearchTermRow.kind == kind, SearchTermRow.entity_id == entity_id))


def query_words(q: str) -> list[str]:
    """The words of a query, normalised like the terms; a number typed with separators
    (`01711-000 111`, `১২৩৪ ৫৬৭৮`) stays one word."""
    key = normalise_key(q or "")
    if not key:
        return []
    if re.fullmatch(r"[+\d\s\-./()]+", key) and digits_only(key):
        return [digits_only(key)[:MAX_TERM]]
    if " " not in key and re.search(r"[-/_.]", key):
        return [key[:MAX_TERM]]  # looks like a code ("p-0001", "cem-pcc"): the whole code is a term
    words = normalise_name(key).split() or [w for w in _WORD_SPLIT.split(key) if w]
    return [w[:MAX_TERM] for w in dict.fromkeys(words)][:6]


def prefix(column: Any, value: str, dialect: str) -> ColumnElement[bool]:
    """Terms starting with `value`, as a range in code-point (= UTF-8 byte) order. On PostgreSQL
    the pattern operators `~>=~ / ~<~` of the text_pattern_ops index, not LIKE: LIKE is not
    leakproof, so under row-level security (any non-superuser role) PostgreSQL may not use it as
    an index condition and scans the whole table instead."""
    upper = value + "\U0010ffff"
    if dialect == "postgresql":
        return column.op("~>=~", is_comparison=True)(value) & column.op("~<~", is_comparison=True)(upper)
    return (column >= value) & (column < upper)


def matches(column: Any, word: str, dialect: str) -> ColumnElement[bool]:
    """Terms that start with `word`: one equality on the prefix rows when the word is short."""
    return column == word if len(word) <= PREFIX_LEN else prefix(column, word, dialect)


def _capped_counts(session: Session, kind: str, tenant_id: UUID, words: list[str], dialect: str) -> dict[str, int]:
    """How many index entries each word matches, counting at most CANDIDATE_LIMIT per word; one
    round trip whatever the number of words."""
    t = SearchTermRow
    cols = [select(func.count()).select_from(
        select(literal(1)).where(t.tenant_id == tenant_id, t.kind == kind, matches(t.term, w, dialect))
        .limit(CANDIDATE_LIMIT).subquery()).scalar_subquery().label(f"n{i}") for i, w in enumerate(words)]
    row = session.execute(select(*cols)).one()
    return {w: int(n) for w, n in zip(words, row, strict=True)}


def _has_word(entity: Any, kind: str, tenant_id: UUID, word: str, dialect: str, n: int) -> ColumnElement[bool]:
    """`word` is a prefix of one of this entity's terms: a probe of the primary key (kind,
    entity_id, term), i.e. of the entity's few dozen rows. `substr` (not LIKE) keeps PostgreSQL
    from using the term index here, and OFFSET 0 keeps it from turning the probe into a join
    over every row of the word (which would be O(matches) again). SQLite without ANALYZE
    statistics would pick the (tenant_id, kind, term) index and read every term of the tenant per
    candidate, so there the probe names its index (`INDEXED BY`, which SQLAlchemy cannot render)."""
    short = len(word) <= PREFIX_LEN
    if dialect == "sqlite":
        a = f"tp{n}"
        cond = f"{a}.term = :w{n}" if short else f"substr({a}.term, 1, {len(word)}) = :w{n}"
        return text(f"EXISTS (SELECT 1 FROM {SearchTermRow.__tablename__} AS {a} INDEXED BY {SQLITE_PK_INDEX} WHERE {a}.kind = :k{n} "
                    f"AND {a}.entity_id = {entity.__tablename__}.id AND {cond})").bindparams(
            **{f"w{n}": word, f"k{n}": kind})  # type: ignore[return-value]
    t = aliased(SearchTermRow)
    cond = t.term == word if short else func.substr(t.term, 1, len(word)) == word
    return select(t.entity_id).where(t.kind == kind, t.entity_id == entity.id, t.tenant_id == tenant_id, cond) \
        .offset(0).exists()


def search_page(session: Session, entity: Any, kind: str, tenant_id: UUID, q: str, *,
                filters: Sequence[ColumnElement[bool]] = (), options: Sequence[Any] = (),
                first: int = 50, after: str | None = None) -> Page[Any]:
    """A page of `entity` rows (ordered by id) matching every word of `q` and `filters`."""
    if first < 1 or first > MAX_PAGE:
        raise ValidationFailed("page_size", f"first must be between 1 and {MAX_PAGE}",
                               f"এক পাতায় ১ থেকে {to_bangla_digits(str(MAX_PAGE))}টি সারি দেখানো যায়", field="first")
    after_id = None
    if after:
        try:
            after_id = UUID(decode_cursor(after)[0])
        except (ValueError, IndexError):
            raise ValidationFailed("cursor_invalid", "The page cursor is not valid", "পৃষ্ঠার কার্সার সঠিক নয়",
                                   field="after") from None
    dialect = session.get_bind().dialect.name
    words = query_words(q)
    if not words:  # no text: the entity table in id order (primary key)
        stmt = select(entity).options(*options).where(*filters)
        if after_id is not None:
            stmt = stmt.where(entity.id > after_id)
        return _page(session.execute(stmt.order_by(entity.id).limit(first + 1)).scalars().all(), first)
    counts = _capped_counts(session, kind, tenant_id, words, dialect)
    if 0 in counts.values():
        return Page([], None, False)
    driver = min(words, key=lambda w: (counts[w], -len(w)))  # fewest matches; a tie goes to the longer
    others = [w for w in words if w != driver]
    if counts[driver] < CANDIDATE_LIMIT:
        # Few candidates: take them all, keep those passing the other words and the filters, and
        # sort the ids here. No ORDER BY in SQL: SQLite without statistics would rather walk the
        # whole table in primary-key order than sort a few hundred rows.
        t = SearchTermRow
        ids = set(session.execute(select(t.entity_id).where(
            t.tenant_id == tenant_id, t.kind == kind, matches(t.term, driver, dialect))).scalars())
        if after_id is not None:
            ids = {i for i in ids if i > after_id}
        if not ids:
            return Page([], None, False)
        keep = select(entity.id).where(entity.id.in_(ids), *filters,
                                       *(_has_word(entity, kind, tenant_id, w, dialect, i)
                                         for i, w in enumerate(others)))
        page_ids = sorted(session.execute(keep).scalars())[:first + 1]
        rows = {r.id: r for r in session.execute(
            select(entity).options(*options).where(entity.id.in_(page_ids))).scalars()}
        return _page([rows[i] for i in page_ids], first)
    # Every word is common: walk one word's prefix key in entity order, join the others' keys.
    t0 = aliased(SearchTermRow)
    stmt = select(entity).options(*options).where(*filters).join(t0, t0.entity_id == entity.id).where(
        t0.tenant_id == tenant_id, t0.kind == kind, t0.term == driver[:PREFIX_LEN])
    for w in others:
        ti = aliased(SearchTermRow)
        stmt = stmt.join(ti, (ti.kind == kind) & (ti.entity_id == t0.entity_id)).where(
            ti.tenant_id == tenant_id, ti.term == w[:PREFIX_LEN])
    longer = [w for w in words if len(w) > PREFIX_LEN]
    stmt = stmt.where(*(_has_word(entity, kind, tenant_id, w, dialect, i) for i, w in enumerate(longer)))
    if after_id is not None:
        stmt = stmt.where(t0.entity_id > after_id)
    return _page(session.execute(stmt.order_by(t0.entity_id).limit(first + 1)).scalars().all(), first)


def _page(rows: Sequence[Any], first: int) -> Page[Any]:
    has_next = len(rows) > first
    rows = list(rows[:first])
    return Page(rows, encode_cursor([rows[-1].id]) if rows else None, has_next)
