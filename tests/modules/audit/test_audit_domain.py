"""Pure rules of the audit trail: what an event says, and that the chain names exactly the record
changed, whichever field and whichever record (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vextrus.modules.audit.domain import chain, retention
from vextrus.modules.audit.domain.describe import describe
from vextrus.platform.errors import ValidationFailed


def test_status_pairs_give_before_and_after():
    d = describe("master_data.party.vendor_status_changed",
                 {"party_id": "p1", "code": "V-0001", "from_status": "pending", "to_status": "approved"})
    assert (d.object_type, d.object_id, d.object_label, d.action) == ("master_data.party", "p1", "V-0001",
                                                                      "vendor_status_changed")
    assert d.changes == {"status": {"before": "pending", "after": "approved"}} and d.before_known


def test_an_update_listing_changed_fields_has_no_before_values():
    d = describe("projects.project.updated", {"project_id": "x", "code": "TWR", "changed": ["name", "status"]})
    assert d.changes == {"name": {}, "status": {}} and not d.before_known


def test_an_update_carrying_its_changes_has_before_and_after_and_secrets_stay_withheld():
    d = describe("master_data.party.updated", {
        "party_id": "p", "code": "V-0001", "changed": ["mobile", "credit_limit"], "revision": 3,
        "changes": {"mobile": {"before": "+8801711000001", "after": "+8801811000002"},
                    "credit_limit": {"before": "500000.00", "after": "750000.00"},
                    "password": {"before": "old", "after": "new"}}})
    assert d.changes["mobile"] == {"before": "+8801711000001", "after": "+8801811000002"}
    assert d.changes["credit_limit"] == {"before": "500000.00", "after": "750000.00"}
    assert d.changes["password"] == {"before": "[withheld]", "after": "[withheld]"} and d.before_known
    assert "changes" not in d.changes and "revision" not in d.changes


def test_a_posting_records_what_it_carries_and_withholds_secrets():
    d = describe("finance.journal.posted", {"book_id": "b", "entry_id": "e", "number": "JV-1", "total": "10.00"})
    assert d.object_id == "e" and d.changes["total"] == {"after": "10.00"} and not d.before_known
    reset = describe("auth.password_reset.requested", {"user_id": "u", "email": "a@b", "link": "https://x/t0k3n"})
    assert reset.data["link"] == "[withheld]" and "t0k3n" not in str(reset.changes)


def _chain(n: int) -> list[dict]:
    out, prev = [], chain.GENESIS
    t = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(1, n + 1):
        c = {"id": str(uuid4()), "tenant_id": "t", "company_id": None, "seq": i, "prev_hash": prev, "event_id": str(uuid4()),
             "event_name": "x.y.z", "event_version": 1, "occurred_at": t + timedelta(seconds=i),
             "recorded_at": t + timedelta(seconds=i), "actor": "a", "request_id": None, "client_address": None,
             "object_type": "x.y", "object_id": str(i), "object_label": "", "action": "z",
             "changes": {"amount": {"after": "1.00"}}, "before_known": False, "data": {"n": i, "বাংলা": "মান"}}
        c["hash"] = chain.record_hash(c)
        prev = c["hash"]
        out.append(c)
    return out


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), pick=st.integers(0, 11), field=st.sampled_from(
    ["actor", "object_id", "action", "changes", "data", "occurred_at", "before_known", "event_name"]))
def test_any_changed_field_of_any_record_is_named(n, pick, field):
    records = _chain(n)
    victim = records[pick % n]
    victim[field] = {"changed": True} if field in ("changes", "data") else (
        victim[field] + timedelta(microseconds=1) if field == "occurred_at" else (
            not victim[field] if field == "before_known" else f"{victim[field]}!"))
    report = chain.verify(records, head_seq=n)
    assert [(f.seq, f.record_id, f.problem) for f in report.findings] == [(victim["seq"], victim["id"], "altered")]


@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 12), pick=st.integers(0, 11))
def test_any_deleted_record_is_named(n, pick):
    records = _chain(n)
    gone = records.pop(pick % n)
    report = chain.verify(records, head_seq=n)
    expected = "missing_tail" if gone["seq"] == n else "missing"
    assert [(f.seq, f.problem) for f in report.findings] == [(gone["seq"], expected)]


def test_an_intact_chain_is_ok_and_canonical_json_is_stable():
    records = _chain(5)
    assert chain.verify(reversed(records), head_seq=5, head_hash=records[-1]["hash"]).ok
    assert chain.canonical_json({"b": 1, "a": "বাংলা"}) == '{"a":"বাংলা","b":1}'


def test_retention_picks_the_most_specific_policy_and_refuses_bad_ones():
    policies = [*retention.DEFAULTS, retention.Policy("finance.journal", 3650, 10)]
    assert retention.policy_for("finance.journal", policies).retain_years == 10
    assert retention.policy_for("finance.period", policies).retain_years == 7
    assert retention.policy_for("projects.project", policies).pattern == "*"
    with pytest.raises(ValidationFailed) as bad:
        retention.check("fin*", 10, 1)
    assert bad.value.field == "pattern"
    with pytest.raises(ValidationFailed) as bad:
        retention.check("finance.*", 800, 1)  # live longer than kept
    assert bad.value.field == "retain_years"


def test_the_emitting_requests_origin_travels_with_the_envelope_through_a_broker():
    from vextrus.platform.events import Envelope

    env = Envelope(id=uuid4(), name="x.y.z", version=1, tenant_id=uuid4(), occurred_at=datetime.now(UTC),
                   actor="karim via projects", payload={"a": 1}, origin={"request_id": "r-1", "client": "10.0.0.7"})
    back = Envelope.from_json(env.to_json())
    assert back == env and back.origin == {"request_id": "r-1", "client": "10.0.0.7"}


@settings(max_examples=60, deadline=None)
@given(n=st.integers(3, 14), data=st.data())
def test_purged_runs_are_linked_over_and_a_change_next_to_them_is_still_named(n, data):
    """Any set of records purged (kept as runs of consecutive sequence numbers with their ends' hashes) leaves
    the chain verifiable; a kept record edited is named; a run's kept hash changed breaks a link."""
    records = _chain(n)
    gone = sorted(data.draw(st.sets(st.integers(1, n), min_size=1, max_size=n - 1)))
    runs: list[chain.Purged] = []
    for seq in gone:
        r = records[seq - 1]
        if runs and runs[-1].last_seq == seq - 1:
            runs[-1] = chain.Purged(runs[-1].first_seq, seq, runs[-1].first_prev_hash, r["hash"])
        else:
            runs.append(chain.Purged(seq, seq, r["prev_hash"], r["hash"]))
    kept = [r for r in records if r["seq"] not in gone]
    report = chain.verify(kept, head_seq=n, head_hash=records[-1]["hash"], purged=runs)
    assert report.ok and report.checked == len(kept) and report.last_seq == n
    victim = data.draw(st.sampled_from(kept))
    victim["actor"] = "someone.else"
    bad = chain.verify(kept, head_seq=n, purged=runs)
    assert [(f.seq, f.record_id, f.problem) for f in bad.findings] == [(victim["seq"], victim["id"], "altered")]
    victim["actor"] = "a"
    broken = [chain.Purged(p.first_seq, p.last_seq, p.first_prev_hash, "f" * 64) for p in runs]
    assert not chain.verify(kept, head_seq=n, head_hash=records[-1]["hash"], purged=broken).ok
