"""The search index of parties and items: normalised terms in `search_term`, prefix queries.

Terms are words of the English and Bangla names (legal-form words dropped), the code and
its parts, and the digits of identifiers (e-TIN, BIN, NID, mobile as 01… and 8801…). A
query is split the same way; every query word must be a prefix of some term of the entity.
Each word is one B-tree range scan: `LIKE 'abc%'` on PostgreSQL (text_pattern_ops index),
`term >= 'abc' AND term < 'abc\U0010ffff'` on SQLite (binary order of UTF-8 text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, delete, insert, select
from sqlalchemy.orm import Session

from .domain import digits_only, normalise_key, normalise_name
from .tables import SearchTermRow

_WORD_SPLIT = re.compile(r"[\s\-_/.,()]+")
MAX_TERM = 300


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    name = normalise_name(text)
    out = {w for w in name.split() if w}
    if name and " " in name:
        out.add(name[:MAX_TERM])  # the whole name, so "padma bui" matches as a phrase too
    return out


def code_terms(code: str) -> set[str]:
    key = normalise_key(code)
    return {key, *(p for p in _WORD_SPLIT.split(key) if p)}


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
    return {t[:MAX_TERM] for t in terms if t}


def item_terms(name: str, name_bn: str, code: str, hs_code: str | None) -> set[str]:
    terms = _words(name) | _words(name_bn) | code_terms(code)
    if hs_code:
        terms.add(digits_only(hs_code))
    return {t[:MAX_TERM] for t in terms if t}


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
        return [digits_only(key)]
    if " " not in key and re.search(r"[-/_.]", key):
        return [key[:MAX_TERM]]  # looks like a code ("p-0001", "cem-pcc"): the whole code is a term
    words = normalise_name(key).split() or [w for w in _WORD_SPLIT.split(key) if w]
    return list(dict.fromkeys(words))[:6]


def prefix(column: Any, value: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")
    return (column >= value) & (column < value + "\U0010ffff")


def matching_ids(session: Session, kind: str, tenant_id: UUID, q: str) -> list[Select[Any]] | None:
    """Conditions (`id IN (...)`, one per query word) for the entity's id column; None when the
    query is empty (no filter)."""
    words = query_words(q)
    if not words:
        return None
    dialect = session.get_bind().dialect.name
    return [
        select(SearchTermRow.entity_id).where(
            SearchTermRow.tenant_id == tenant_id, SearchTermRow.kind == kind,
            prefix(SearchTermRow.term, w, dialect))
        for w in words
    ]
