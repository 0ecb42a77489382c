"""Duplicate detection for many parties at once (imports), in near-linear time.

`find_duplicates` compares one party with a list: fine for one form, quadratic for a file whose
rows are compared with each other (1,000 similar names took minutes). Here every party is
reduced once to a `Fingerprint` (normalised names, word-sorted names, trigram sets,
identifiers) and kept in a `MatchIndex` of blocking keys:

- identifiers: exact keys (e-TIN, BIN, its 9-digit registration, NID, each mobile, trade
  licence + authority);
- names: each normalised word and each trigram, per script (English is never compared with
  Bangla, as in `find_duplicates`).

Entries are grouped by name: the name buckets hold each distinct (script, normalised name) once,
with the entries that carry it (a file repeats names: 40,000 rows of a bench file hold 84 distinct
Bangla names), and a stored name keeps its trigrams and characters as compact tuples of shared
strings and numbers (the new party's own are sets, made once per query). A new party is compared
only with the entries sharing one of its keys. Names pass through
prefix filtering: two trigram sets with Jaccard index >= t share at least one of any
`floor(|A| * (1 - t)) + 1` trigrams of A, so walking the buckets of A's rarest trigrams finds
every such pair; buckets holding more than `BUCKET_CAP` entries (a word every name has) are
only walked when needed for that guarantee, and then only their newest `BUCKET_CAP` entries.
The names found are ranked by how many keys they share, and their entries (newest first) taken
until `CANDIDATE_CAP` are compared (`compare`: the same reasons and score as `find_duplicates`). Work per party is thus
bounded by the caps, not by the number of parties.
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from operator import itemgetter

from .party import DEFAULT_NAME_THRESHOLD, EXACT_REASONS, MatchReason, Party, _is_bangla
from .search import _trigrams, normalise_key, normalise_name

BUCKET_CAP = 256  # entries walked per blocking key beyond the guaranteed ones
CANDIDATE_CAP = 32  # entries compared per name of a party (besides those sharing an identifier)
MEMO_CAP = 50_000  # name scores a MatchIndex keeps (then starts again; ~100 bytes each)
_second = itemgetter(1)
HARD_REASONS = frozenset({MatchReason.TIN, MatchReason.BIN, MatchReason.NID, MatchReason.MOBILE})


@dataclass(frozen=True, slots=True)
class PreparedName:
    script: str  # "bn" or "en"
    norm: str  # normalise_name
    sorted_words: str  # "" in a stored (slim) name: made again when difflib needs it
    grams: frozenset[str] | tuple[str, ...]  # a set when prepared; a tuple of shared strings when stored
    chars: frozenset[int] | tuple[int, ...]  # the characters as a set: ord(char) | k-th occurrence << 21

    def words_sorted(self) -> str:
        return self.sorted_words or " ".join(sorted(self.norm.split()))


_SHARED: dict[object, object] = {}  # one object per trigram / numbered character, for the stored names


def _shared(value: object) -> object:
    return _SHARED.setdefault(value, value)


def _chars(text: str) -> frozenset[int]:
    seen: Counter[str] = Counter()
    out = []
    for c in text:
        out.append(ord(c) | seen[c] << 21)
        seen[c] += 1
    return frozenset(out)


def _as_set(values: frozenset | tuple) -> frozenset:  # type: ignore[type-arg]
    return values if type(values) is frozenset else frozenset(values)


def slim(n: PreparedName) -> PreparedName:
    """The stored form of a prepared name: trigrams and characters as tuples of shared objects (about
    a fifth of the memory of two sets), no word-sorted copy."""
    return PreparedName(n.script, n.norm, "", tuple(sys.intern(g) for g in n.grams),  # type: ignore[arg-type]
                        tuple(_shared(c) for c in n.chars))  # type: ignore[arg-type]


def _quick_bound(a: PreparedName, b: PreparedName) -> float:
    """An upper bound of difflib's ratio (its `quick_ratio`): the characters the two share, order
    ignored (a multiset intersection, as a set intersection of numbered characters)."""
    return 2.0 * len(_as_set(a.chars).intersection(b.chars)) / (len(a.norm) + len(b.norm))


def prepare_name(name: str | None) -> PreparedName | None:
    norm = normalise_name(name or "")
    if not norm:
        return None
    words = " ".join(sorted(norm.split()))
    return PreparedName("bn" if _is_bangla(name or "") else "en", norm, words, frozenset(_trigrams(norm)),
                        _chars(words))


def similarity(a: PreparedName, b: PreparedName, threshold: float = 0.0) -> float:
    """`name_similarity` of two prepared names (same formula, nothing normalised twice). With a
    `threshold`, a pair that cannot reach it may return any score below it without running
    difflib (the trigram Jaccard index and difflib's own upper bounds decide)."""
    if a.norm == b.norm:
        return 1.0
    shared = len(_as_set(a.grams).intersection(b.grams))
    jaccard = shared / (len(a.grams) + len(b.grams) - shared)
    if threshold and jaccard < threshold:
        la, lb = len(a.norm), len(b.norm)  # = the lengths of the word-sorted names
        if 2.0 * min(la, lb) / (la + lb) < threshold or _quick_bound(a, b) < threshold:
            return jaccard  # difflib's ratio is below the threshold too
    ratio = difflib.SequenceMatcher(None, a.words_sorted(), b.words_sorted(), autojunk=False).ratio()
    return max(ratio, jaccard)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What duplicate detection needs of a party. `ref` identifies it to the caller (a party id,
    a row number); `label` is how a message names it."""

    ref: Hashable
    label: str
    names: tuple[PreparedName, ...]
    tin: str | None = None
    bin: str | None = None
    nid: str | None = None
    mobiles: frozenset[str] = frozenset()
    licence: str | None = None  # normalise_key(trade licence) | normalise_key(authority)
    legal_name: str = ""
    extra: dict[str, object] | None = field(default=None, compare=False, hash=False)  # the caller's own

    def identifier_keys(self) -> set[tuple[str, str]]:
        """The identifier keys (kind, value), as stored in `party_identifier`."""
        out = {(k, v) for k, v in (("tin", self.tin), ("bin", self.bin), ("nid", self.nid)) if v}
        if self.bin:
            out.add(("bin_registration", self.bin[:9]))
        out |= {("mobile", m) for m in self.mobiles}
        if self.licence:
            out.add(("trade_licence", self.licence))
        return out


def licence_key(licence: str | None, authority: str | None) -> str | None:
    return f"{normalise_key(licence)}|{normalise_key(authority or '')}" if licence else None


def fingerprint(p: Party, ref: Hashable, label: str = "") -> Fingerprint:
    names = tuple(n for n in (prepare_name(p.legal_name), prepare_name(p.legal_name_bn)) if n)
    return Fingerprint(ref, label or p.legal_name, names, p.tin, p.bin, p.nid, p.mobiles(),
                       licence_key(p.trade_licence, p.trade_licence_authority), p.legal_name)


@dataclass(frozen=True, slots=True)
class Match:
    other: Fingerprint
    reasons: tuple[MatchReason, ...]
    score: float

    @property
    def exact(self) -> bool:
        return any(r in EXACT_REASONS for r in self.reasons)

    @property
    def hard(self) -> list[MatchReason]:
        """The reasons that make the new party a refused duplicate."""
        return [r for r in self.reasons if r in HARD_REASONS]


def compare(a: Fingerprint, b: Fingerprint, threshold: float = DEFAULT_NAME_THRESHOLD,
            memo: dict[tuple[str, str, float], float] | None = None) -> Match | None:
    """The rules of `find_duplicates` for one pair: shared identifiers, then a similar name. `memo`
    keeps name scores by (name, name, bound): a file repeats names (the same firm on many rows), and a
    score depends on the two normalised names alone."""
    reasons: list[MatchReason] = []
    if a.tin and a.tin == b.tin:
        reasons.append(MatchReason.TIN)
    if a.bin and b.bin:
        if a.bin == b.bin:
            reasons.append(MatchReason.BIN)
        elif a.bin[:9] == b.bin[:9]:
            reasons.append(MatchReason.BIN_REGISTRATION)
    if a.nid and a.nid == b.nid:
        reasons.append(MatchReason.NID)
    if a.mobiles & b.mobiles:
        reasons.append(MatchReason.MOBILE)
    if a.licence and a.licence == b.licence:
        reasons.append(MatchReason.TRADE_LICENCE)
    bound = 0.0 if reasons else threshold  # an identifier match reports the exact name score
    if memo is None:
        score = max((similarity(x, y, bound) for x in a.names for y in b.names if x.script == y.script),
                    default=0.0)
    else:
        score = 0.0
        for x in a.names:
            for y in b.names:
                if x.script == y.script:
                    key = (x.norm, y.norm, bound)
                    s = memo.get(key)
                    if s is None:
                        if len(memo) >= MEMO_CAP:
                            memo.clear()
                        s = memo[key] = similarity(x, y, bound)
                    score = max(score, s)
    if score >= threshold:
        reasons.append(MatchReason.SIMILAR_NAME)
    return Match(b, tuple(reasons), round(score, 4)) if reasons else None


def rank(matches: Iterable[Match]) -> list[Match]:
    """Identifier matches first, then by score (as `find_duplicates` orders them)."""
    return sorted(matches, key=lambda m: (not m.exact, -m.score))


def name_keys(n: PreparedName) -> tuple[list[str], list[str]]:
    """(word keys, trigram keys) of a prepared name, tagged with its script."""
    return [f"{n.script}w{w}" for w in set(n.norm.split())], [f"{n.script}g{g}" for g in n.grams]


class MatchIndex:
    """Fingerprints by blocking key; `matches(fp)` compares `fp` only with the entries it shares a
    key with (see the module docstring), `add(fp)` makes `fp` a candidate for later queries (kept
    with its names in their stored form, shared by every entry of the same name)."""

    def __init__(self, threshold: float = DEFAULT_NAME_THRESHOLD, bucket_cap: int = BUCKET_CAP,
                 candidate_cap: int = CANDIDATE_CAP):
        self.threshold = threshold
        self.bucket_cap = bucket_cap
        self.candidate_cap = candidate_cap
        self.entries: list[Fingerprint] = []
        self._ids: dict[tuple[str, str], list[int]] = {}
        self._name_ids: dict[tuple[str, str], int] = {}  # (script, norm) → name number
        self._stored: list[PreparedName] = []  # by name number
        self._holders: list[list[int]] = []  # by name number: the entries carrying it, oldest first
        self._names: dict[str, list[int]] = {}  # blocking key → name numbers
        self.compared = 0  # pairs compared so far (the benchmark's measure of work)
        self._scores: dict[tuple[str, str, float], float] = {}  # `compare`'s memo of name scores

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, fp: Fingerprint) -> None:
        i = len(self.entries)
        stored = []
        for n in fp.names:
            nid = self._name_ids.get((n.script, n.norm))
            if nid is None:
                nid = self._name_ids[(n.script, n.norm)] = len(self._stored)
                self._stored.append(slim(n))
                self._holders.append([])
                words, grams = name_keys(n)
                for k in (*words, *grams):
                    self._names.setdefault(k, []).append(nid)
            self._holders[nid].append(i)
            stored.append(self._stored[nid])
        self.entries.append(replace(fp, names=tuple(stored)))
        for k in fp.identifier_keys():
            self._ids.setdefault(k, []).append(i)

    def candidates(self, fp: Fingerprint) -> list[int]:
        """Entries sharing an identifier (all of them) and, for each of its names (English,
        Bangla), up to `candidate_cap` entries of the names sharing the most name keys with it."""
        by_id, by_name = self._candidates(fp)
        return by_id + by_name

    def _candidates(self, fp: Fingerprint) -> tuple[list[int], list[int]]:
        """`candidates` in two lists: the entries sharing an identifier key with `fp`, the others."""
        exact: set[int] = set()
        for k in fp.identifier_keys():
            exact.update(self._ids.get(k, ()))
        by_id = sorted(exact)
        out: list[int] = []
        for n in fp.names:
            hits: Counter[int] = Counter()
            words, grams = name_keys(n)
            need = int(len(grams) * (1 - self.threshold)) + 1  # prefix filter: rarest `need` trigrams
            # rarest first; keys as common as each other in their own order, not the string hash seed's
            # (which ordered them before: two processes could take different names at the cap)
            ordered = sorted(grams, key=lambda k: (len(self._names.get(k, ())), k))
            for j, k in enumerate(ordered):
                bucket = self._names.get(k)
                if not bucket:
                    continue
                if len(bucket) > self.bucket_cap and j >= need:
                    break  # the rest are at least as common: past the guarantee, not worth walking
                hits.update(bucket[-self.bucket_cap:])
            for k in sorted(words):
                bucket = self._names.get(k)
                if bucket:
                    hits.update(bucket[-self.bucket_cap:])
            best: list[int] = []
            # = hits.most_common(k) (documented as sorted(..., reverse=True)[:k], stable), sorted in C
            for nid, _ in sorted(hits.items(), key=_second, reverse=True)[:self.candidate_cap + len(exact)]:
                for i in reversed(self._holders[nid]):
                    if i not in exact:
                        exact.add(i)
                        best.append(i)
                        if len(best) >= self.candidate_cap:
                            break
                if len(best) >= self.candidate_cap:
                    break
            out += best
        return by_id, out

    def matches(self, fp: Fingerprint) -> list[Match]:
        """`compare` with each candidate, ranked. A candidate sharing no identifier key with `fp` can
        only match by name, at the threshold: its score is `name_score`'s (the same `similarity`, one
        computation per stored name and query, no `compare` call), so the result is `compare`'s."""
        found = []
        entries, threshold = self.entries, self.threshold
        by_id, by_name = self._candidates(fp)
        self.compared += len(by_id) + len(by_name)
        for i in by_id:
            m = compare(fp, entries[i], threshold, self._scores)
            if m is not None:
                found.append(m)
        scores: dict[int, float] = {}  # id(stored name) → its score against fp's name of that script
        similar = (MatchReason.SIMILAR_NAME,)
        for i in by_name:
            e = entries[i]
            score = 0.0
            for y in e.names:
                s = scores.get(id(y))
                if s is None:
                    s = scores[id(y)] = self.name_score(fp.names, y)
                if s > score:
                    score = s
            if score >= threshold:
                found.append(Match(e, similar, round(score, 4)))
        return rank(found)

    def name_score(self, names: tuple[PreparedName, ...], y: PreparedName) -> float:
        """The best `similarity(x, y, threshold)` of `names` of y's script (0.0 when none), through the
        memo of name-pair scores, with the cheap rejections inlined: equal names, the trigram Jaccard
        index, the length and character-multiset bounds of difflib's ratio (the same values as
        `similarity`; difflib runs only when they cannot decide)."""
        t, memo, best = self.threshold, self._scores, 0.0
        for x in names:
            if x.script != y.script:
                continue
            key = (x.norm, y.norm, t)
            s = memo.get(key)
            if s is None:
                if x.norm == y.norm:
                    s = 1.0
                else:
                    xg = x.grams if type(x.grams) is frozenset else frozenset(x.grams)
                    shared = len(xg.intersection(y.grams))
                    s = shared / (len(xg) + len(y.grams) - shared)
                    if s < t:
                        la, lb = len(x.norm), len(y.norm)
                        if 2.0 * min(la, lb) / (la + lb) >= t and \
                                2.0 * len(_as_set(x.chars).intersection(y.chars)) / (la + lb) >= t:
                            s = similarity(x, y, t)
                    else:
                        s = similarity(x, y, t)
                if len(memo) >= MEMO_CAP:
                    memo.clear()
                memo[key] = s
            if s > best:
                best = s
        return best


def exhaustive_matches(fp: Fingerprint, entries: Iterable[Fingerprint],
                       threshold: float = DEFAULT_NAME_THRESHOLD) -> list[Match]:
    """Every entry compared (the reference the blocked index is tested against)."""
    return rank(m for e in entries if (m := compare(fp, e, threshold)) is not None)
