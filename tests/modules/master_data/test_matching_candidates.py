"""The blocked duplicate matcher (`domain.matching.MatchIndex`) against the exhaustive one, on random
files (issue 15): for every row, the same matches (other party, reasons, score) as comparing it with
every earlier row, hence the same hard duplicates and the same 3 closest warnings. The files are small
enough that no cap binds (fewer rows than `CANDIDATE_CAP`), and made of a small vocabulary with slips,
swapped words, legal-form words and Bangla names, with shared e-TINs, BINs (and their 9-digit
registration), NIDs, mobiles and trade licences, so that names alike and identifiers alike both occur."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.master_data.domain import matching

WORDS = ["Rahman", "Rahmam", "Karim", "Kareem", "Traders", "Trader", "Steel", "Steels", "Meghna", "Megna", "Bricks",
         "Hossain", "Builders", "Ltd.", "M/S", "&", "Sons", "17", "Padma", "Cement"]
BN_WORDS = ["মেঘনা", "মেগনা", "রহমান", "রহমানের", "ট্রেডার্স", "ট্রেডার্স", "স্টিল", "লিমিটেড", "করিম"]


def _name(words: list[str]) -> str:
    return " ".join(words)


party = st.fixed_dictionaries({
    "en": st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(_name),
    "bn": st.one_of(st.none(), st.lists(st.sampled_from(BN_WORDS), min_size=1, max_size=3).map(_name)),
    "tin": st.one_of(st.none(), st.sampled_from(["123456789012", "223456789012"])),
    "bin": st.one_of(st.none(), st.sampled_from(["000123456-0101", "000123456-0202", "000999999-0101"])),
    "nid": st.one_of(st.none(), st.sampled_from(["1234567890", "9876543210"])),
    "mobiles": st.sets(st.sampled_from(["8801711000001", "8801711000002", "8801811000003"]), max_size=2),
    "licence": st.one_of(st.none(), st.sampled_from(["tl-1|dncc", "tl-1|dscc", "tl-2|dncc"])),
})


def _copy(p: dict, op: tuple[int, int, str]) -> dict:
    """A near-copy of `p` as people type it: words swapped, a slip of one letter, a legal-form word added."""
    kind, at, letter = op
    words = p["en"].split()
    if kind == 0:
        en = " ".join(reversed(words))
    elif kind == 1:
        s = p["en"]
        i = at % len(s)
        en = [s[:i] + letter + s[i + 1:], s[:i] + s[i + 1:], s[:i] + letter + s[i:]][at % 3]
    else:
        en = f"M/S {p['en']} Ltd."
    return {**p, "en": en}


copies = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 60), st.sampled_from("aeiourstn")), max_size=15)


def _fp(i: int, p: dict) -> matching.Fingerprint:
    names = tuple(n for n in (matching.prepare_name(p["en"]), matching.prepare_name(p["bn"])) if n)
    return matching.Fingerprint(i, p["en"], names, p["tin"], p["bin"], p["nid"], frozenset(p["mobiles"]),
                                p["licence"], p["en"])


def _key(m: matching.Match) -> tuple:
    return m.other.ref, m.reasons, m.score


@settings(max_examples=60, deadline=None)
@given(st.lists(party, min_size=1, max_size=15), copies, st.sampled_from([0.85, 0.7, 0.95]))
def test_blocked_matches_are_the_exhaustive_matches(parties, ops, threshold):
    for n, op in enumerate(ops):  # near-copies of earlier rows, placed after them
        parties.append(_copy(parties[(op[1] + n) % len(parties)], op))
    assert len(parties) < matching.CANDIDATE_CAP
    index = matching.MatchIndex(threshold)
    fps = [_fp(i, p) for i, p in enumerate(parties)]
    for i, fp in enumerate(fps):
        blocked = index.matches(fp)
        exhaustive = matching.exhaustive_matches(fp, fps[:i], threshold)
        assert sorted(map(_key, blocked), key=repr) == sorted(map(_key, exhaustive), key=repr)
        # ranked alike: identifier matches first, then by score (ties may differ in order only)
        assert [(m.exact, m.score) for m in blocked] == [(m.exact, m.score) for m in exhaustive]
        index.add(fp)
