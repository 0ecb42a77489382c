from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from vextrus.modules.auth.domain.apikeys import (
    api_key_allows,
    authenticate_api_key,
    create_api_key,
    parse_api_key,
    revoke_api_key,
)
from vextrus.modules.auth.domain.errors import AuthError

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def new_key(**kwargs):
    defaults = dict(
        tenant_id="t1",
        owner_id="u1",
        name="Tally sync",
        now=NOW,
        scopes=["finance.journal.read", "finance.invoice.*"],
    )
    return create_api_key(**{**defaults, **kwargs})


def code_of(call) -> str:
    with pytest.raises(AuthError) as exc:
        call()
    return exc.value.code


def test_key_format_and_only_hash_stored():
    issued = new_key()
    prefix, secret = parse_api_key(issued.key)
    assert issued.key == f"vx_{prefix}_{secret}"
    assert issued.record.prefix == prefix and len(secret) == 40
    assert secret not in repr(issued.record)
    assert new_key().key != issued.key


def test_authenticates_and_records_last_use():
    issued = new_key()
    store = {issued.record.prefix: issued.record}
    later = NOW + timedelta(days=3)
    record = authenticate_api_key(issued.key, store.get, later)
    assert record.last_used_at == later and record.key_id == issued.record.key_id


def test_wrong_secret_same_prefix_refused():
    issued = new_key()
    prefix, secret = parse_api_key(issued.key)
    forged = f"vx_{prefix}_{'A' * 40}"
    store = {prefix: issued.record}
    assert code_of(lambda: authenticate_api_key(forged, store.get, NOW)) == "auth.api_key_invalid"


@pytest.mark.parametrize("bad", ["", "vx_abc_def", "Bearer xyz", "vx__" + "a" * 40])
def test_malformed_keys_refused(bad):
    assert code_of(lambda: authenticate_api_key(bad, {}.get, NOW)) == "auth.api_key_invalid"


def test_revoked_and_expired_keys_refused():
    issued = new_key(expires_at=NOW + timedelta(days=30))
    revoked = revoke_api_key(issued.record, NOW)
    assert (
        code_of(lambda: authenticate_api_key(issued.key, {revoked.prefix: revoked}.get, NOW))
        == "auth.api_key_revoked"
    )
    store = {issued.record.prefix: issued.record}
    late = NOW + timedelta(days=30)
    assert code_of(lambda: authenticate_api_key(issued.key, store.get, late)) == ("auth.api_key_expired")


def test_scopes_limit_what_the_key_may_do_and_never_exceed_the_owner():
    record = new_key().record
    assert api_key_allows(record, "finance.invoice.create")
    assert api_key_allows(record, "finance.journal.read")
    assert not api_key_allows(record, "finance.journal.post")
    # owner was demoted to read-only: the key shrinks with them
    assert not api_key_allows(record, "finance.invoice.create", owner_grants=["*.*.read"])
    assert api_key_allows(record, "finance.journal.read", owner_grants=["*.*.read"])
    assert not api_key_allows(revoke_api_key(record, NOW), "finance.journal.read")


def test_invalid_scope_refused_at_creation():
    assert code_of(lambda: new_key(scopes=["Finance.Journal"])) == "auth.permission_invalid"
