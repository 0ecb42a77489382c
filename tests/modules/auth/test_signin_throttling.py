"""Sign-in cannot be turned against its users or the server (issue 10, finding 7):

* wrong passwords slow down the account *from that address* with growing waits (1 s, 2 s,
  4 s, … up to 15 min), told in English and Bangla, with `Retry-After` on REST: no hard
  lockout, so the owner still signs in from elsewhere, and an administrator can clear it;
* one address guessing at many accounts is locked as a whole;
* the counters live in the database (every worker, every restart sees them);
* argon2 never runs inside a database transaction, and at most N hashes run at once.

Time is the platform clock, moved by hand: nothing here sleeps for the waits.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

os.environ.setdefault("VEXTRUS_AUTH_ARGON2", "fast-test")

from vextrus.modules.auth import hashing, service, throttle  # noqa: E402
from vextrus.modules.auth.domain.errors import AuthError  # noqa: E402
from vextrus.modules.auth.domain.passwords import FAST_TEST, PasswordHasher  # noqa: E402
from vextrus.modules.auth.domain.throttle import (  # noqa: E402
    Counter,
    ThrottlePolicy,
    address_failed,
    describe_wait,
    pair_delay,
    pair_failed,
)
from vextrus.modules.auth.service import sessions
from vextrus.modules.auth.tables import SignInThrottle  # noqa: E402
from vextrus.modules.organization import api as org  # noqa: E402
from vextrus.platform import clock, context, uow  # noqa: E402
from vextrus.platform.errors import PermissionDenied  # noqa: E402
from vextrus.platform.ids import new_id  # noqa: E402
from vextrus.platform.tables import OutboxEvent  # noqa: E402

PW = "Rod&Cement-2025"
WRONG = "Wrong-pass-123"
T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def unique_address() -> str:
    """A client address of this test's own (the counters are shared by the whole test database)."""
    return f"test-throttle-{new_id().hex[-16:]}"


# ---- the rules -----------------------------------------------------------------------------------


def test_waits_start_after_three_failures_and_double_up_to_fifteen_minutes():
    p = ThrottlePolicy()
    assert [pair_delay(n, p).total_seconds() for n in range(1, 9)] == [0, 0, 1, 2, 4, 8, 16, 32]
    assert pair_delay(13, p) == timedelta(minutes=15) and pair_delay(10_000, p) == timedelta(minutes=15)


def test_a_quiet_day_forgets_the_failures():
    p = ThrottlePolicy()
    c = Counter()
    for i in range(5):
        c = pair_failed(c, T0 + timedelta(minutes=i), p)
    assert c.failures == 5 and c.blocked_until == T0 + timedelta(minutes=4, seconds=4)
    c = pair_failed(c, T0 + timedelta(days=2), p)
    assert c.failures == 1 and c.blocked_until is None


def test_an_address_is_locked_after_many_failures_within_its_window():
    p = ThrottlePolicy(address_failures=3, address_window=timedelta(minutes=15), address_lock=timedelta(minutes=15))
    c = Counter()
    for i in range(2):
        c = address_failed(c, T0 + timedelta(minutes=i), p)
    assert c.blocked_until is None
    slow = address_failed(address_failed(Counter(), T0, p), T0 + timedelta(minutes=16), p)
    assert slow.failures == 1 and slow.blocked_until is None  # the window moved on
    c = address_failed(c, T0 + timedelta(minutes=2), p)
    assert c.blocked_until == T0 + timedelta(minutes=17)


def test_the_wait_reads_well_in_both_languages():
    assert describe_wait(1) == ("1 second", "১ সেকেন্ড")
    assert describe_wait(125) == ("2 minutes 5 seconds", "২ মিনিট ৫ সেকেন্ড")
    assert describe_wait(900) == ("15 minutes", "১৫ মিনিট")
    assert describe_wait(3660) == ("1 hour 1 minute", "১ ঘণ্টা ১ মিনিট")


# ---- sign-in on both databases ---------------------------------------------------------------------


@pytest.fixture
def frozen():
    c = clock.FrozenClock(T0)
    clock.set_clock(c)
    yield c
    clock.set_clock(None)


@pytest.fixture
def company(admin):
    c = org.create_company(org.CompanyInput(code="PBL", name="Padma Builders Ltd."))
    service.seed_default_roles(c.id)
    return c


def mail(local: str) -> str:
    return f"{local}@t{context.current().tenant_id.hex[-10:]}.example.com"


def _user(company, local="karim", role="project_manager"):  # noqa: ANN001
    return service.create_user(service.UserInput(email=mail(local), name=local.title()), PW, company.id, [role])


def _fails(email: str, password: str, address: str) -> AuthError:
    with pytest.raises(AuthError) as err:
        sessions.login(email, password, address)
    return err.value


def test_three_free_failures_then_growing_waits_told_in_english_and_bangla(company, frozen):
    u = _user(company)
    addr = unique_address()
    for _ in range(3):
        assert _fails(u.email, WRONG, addr).code == "auth.invalid_credentials"
    err = _fails(u.email, PW, addr)  # even the right password waits: the wait is what slows guessing
    assert err.code == "auth.throttled" and err.status == 429
    assert err.details == {"retry_after_seconds": 1, "scope": "account"}
    assert "1 second" in err.message and "১ সেকেন্ড" in err.message_bn
    for wait in (1, 2, 4, 8):
        frozen.advance(seconds=wait)
        assert _fails(u.email, WRONG, addr).code == "auth.invalid_credentials"
        assert _fails(u.email, PW, addr).details["retry_after_seconds"] == wait * 2
    frozen.advance(seconds=16)
    assert sessions.login(u.email, PW, addr).access_token  # success clears the pair
    for _ in range(3):
        assert _fails(u.email, WRONG, addr).code == "auth.invalid_credentials"


def test_the_wait_is_capped_at_fifteen_minutes(company, frozen):
    u = _user(company)
    addr = unique_address()
    for _ in range(2):
        _fails(u.email, WRONG, addr)
    waits = []
    for _ in range(18):
        assert _fails(u.email, WRONG, addr).code == "auth.invalid_credentials"
        waits.append(_fails(u.email, PW, addr).details["retry_after_seconds"])
        frozen.advance(seconds=waits[-1])
    assert waits[:5] == [1, 2, 4, 8, 16] and waits[-5:] == [900] * 5


def test_a_stranger_guessing_cannot_lock_the_owner_out(company, frozen):
    """The old hard lockout let anyone lock anyone out with five wrong passwords."""
    u = _user(company)
    attacker = unique_address()
    for _ in range(30):
        err = _fails(u.email, WRONG, attacker)
        frozen.advance(seconds=err.details.get("retry_after_seconds", 0))
    _fails(u.email, WRONG, attacker)
    assert _fails(u.email, PW, attacker).code == "auth.throttled"
    assert sessions.login(u.email, PW, unique_address()).access_token  # the owner, from their own address
    assert _fails(u.email, PW, attacker).code == "auth.throttled"  # the owner's success clears only their pair


def test_unknown_accounts_are_slowed_down_exactly_like_real_ones(company, frozen):
    u = _user(company)
    real, ghost = [], []
    for email, out in ((u.email, real), (mail("nobody"), ghost)):
        addr = unique_address()
        out.extend(_fails(email, WRONG, addr).to_dict() for _ in range(4))
    assert real == ghost


def test_an_address_spraying_many_accounts_is_locked_as_a_whole(company, frozen):
    throttle.use_policy(ThrottlePolicy(address_failures=5))
    try:
        u = _user(company)
        sprayer, elsewhere = unique_address(), unique_address()
        for n in range(5):
            assert _fails(mail(f"guess{n}"), WRONG, sprayer).code == "auth.invalid_credentials"
        err = _fails(u.email, PW, sprayer)
        assert err.code == "auth.throttled" and err.details["scope"] == "address"
        assert err.details["retry_after_seconds"] == 15 * 60 and "15 minutes" in err.message
        assert "১৫ মিনিট" in err.message_bn
        assert sessions.login(u.email, PW, elsewhere).access_token
        frozen.advance(minutes=15)
        assert sessions.login(u.email, PW, sprayer).access_token
    finally:
        throttle.use_policy(None)


def test_the_counters_are_in_the_database_with_events(company, frozen, db):
    u = _user(company)
    addr = unique_address()
    for _ in range(3):
        _fails(u.email, WRONG, addr)
    with context.acting_as(context.system_context()), db.session_factory() as s:
        rows = {r.key: r for r in s.execute(select(SignInThrottle).where(SignInThrottle.address == addr)).scalars()}
        names = s.execute(select(OutboxEvent.name).where(OutboxEvent.tenant_id.is_(None))).scalars().all()
    pair = rows[throttle.pair_key(u.email, addr)]
    assert pair.failures == 3 and pair.identifier == u.email and pair.blocked_until == T0 + timedelta(seconds=1)
    assert rows[throttle.address_key(addr)].failures == 3
    assert "auth.login.failed" in names and "auth.login.locked" in names


def test_second_factor_guesses_are_throttled_too_and_a_password_does_not_reset_them(company, frozen, db):
    import pyotp

    u = _user(company)
    me = context.RequestContext(tenant_id=context.current().tenant_id, user_id=u.id, actor=u.email)
    with context.acting_as(me):
        enrolment = sessions.begin_mfa_enrolment()
        sessions.confirm_mfa_enrolment(pyotp.TOTP(enrolment.secret).at(T0))
    addr = unique_address()
    for _ in range(3):
        ticket = sessions.login(u.email, PW, addr).mfa_token  # the right password: no failure, no reset
        with pytest.raises(AuthError) as err:
            sessions.complete_mfa(ticket, "000000", address=addr)
        assert err.value.code in ("auth.mfa_invalid", "auth.mfa_replay")
    assert _fails(u.email, PW, addr).code == "auth.throttled"


# ---- administrators clear it -----------------------------------------------------------------------


def test_an_administrator_lets_the_user_in_again(company, frozen, db):
    u = _user(company)
    addr = unique_address()
    for _ in range(12):
        err = _fails(u.email, WRONG, addr)
        frozen.advance(seconds=err.details.get("retry_after_seconds", 0))
    frozen.advance(seconds=-1)
    assert _fails(u.email, PW, addr).code == "auth.throttled"
    assert service.sign_in_throttled([u.id]).keys() == {u.id}
    viewer = _user(company, "viewer", "viewer")
    with context.acting_as(sessions.context_for(viewer.id, context.current().tenant_id)), \
            pytest.raises(PermissionDenied):
        service.unlock_sign_in(u.id)
    assert service.unlock_sign_in(u.id) == 1
    assert sessions.login(u.email, PW, addr).access_token
    assert service.sign_in_throttled([u.id]) == {}
    with context.acting_as(context.system_context(context.current().tenant_id)), db.session_factory() as s:
        assert "auth.signin.unlocked" in s.execute(select(OutboxEvent.name)).scalars().all()


def test_rest_says_when_graphql_and_the_users_page_unlock(company, frozen, make_client):
    u = _user(company)
    owner = _user(company, "owner", "owner")
    client = make_client()
    for _ in range(3):
        r = client.post("/api/v1/auth/login", json={"email": u.email, "password": WRONG})
        assert r.status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": u.email, "password": PW})
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    body = r.json()
    assert body["code"] == "auth.throttled" and body["details"]["retry_after_seconds"] == 1 and body["message_bn"]
    token = sessions.login(owner.email, PW, unique_address()).access_token
    h = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/v1/auth/users/{u.id}/unlock-sign-in", headers=h).json() == {"cleared": 1}
    assert client.post("/api/v1/auth/login", json={"email": u.email, "password": PW}).status_code == 200
    for _ in range(3):
        client.post("/api/v1/auth/login", json={"email": u.email, "password": WRONG})
    r = client.post("/graphql", headers=h, json={"query": "mutation($id: ID!) { unlockSignIn(userId: $id) }",
                                                 "variables": {"id": str(u.id)}})
    assert r.json() == {"data": {"unlockSignIn": 1}}
    for _ in range(3):
        client.post("/api/v1/auth/login", json={"email": u.email, "password": WRONG})
    # the users page shows who is slowed down, with a button that clears it
    browser = make_client()
    browser.get("/login")
    csrf = browser.cookies.get("vx_csrf")
    browser.post("/login", data={"email": owner.email, "password": PW, "csrf_token": csrf}, follow_redirects=False)
    page = browser.get("/auth/users").text
    assert f'hx-post="/auth/users/{u.id}/unlock-sign-in"' in page
    assert f'hx-post="/auth/users/{owner.id}/unlock-sign-in"' not in page
    row = browser.post(f"/auth/users/{u.id}/unlock-sign-in", headers={"X-CSRF-Token": csrf})
    assert row.status_code == 200 and "unlock-sign-in" not in row.text
    assert client.post("/api/v1/auth/login", json={"email": u.email, "password": PW}).status_code == 200


def test_the_sign_in_page_tells_the_wait_in_english_and_bangla(company, frozen, make_client):
    u = _user(company)
    client = make_client()
    client.get("/login")
    csrf = client.cookies.get("vx_csrf")
    for _ in range(3):
        client.post("/login", data={"email": u.email, "password": WRONG, "csrf_token": csrf})
    r = client.post("/login", data={"email": u.email, "password": PW, "csrf_token": csrf})
    assert r.status_code == 429 and "Try again in 1 second" in r.text
    client.cookies.set("vx_lang", "bn")
    r = client.post("/login", data={"email": u.email, "password": PW, "csrf_token": csrf})
    assert r.status_code == 429 and "১ সেকেন্ড পরে" in r.text


# ---- argon2 outside transactions, and bounded ----------------------------------------------------


class _Watch(PasswordHasher):
    """A hasher that records, for every hash or verification, whether a unit of work was open
    and (SQLite) whether another connection could take the write lock at that moment."""

    def __init__(self, sqlite_path: str | None) -> None:
        super().__init__(FAST_TEST)
        self.path, self.seen = sqlite_path, []
        self.running = self.most = 0
        self.lock = threading.Lock()

    def _look(self) -> None:
        free = True
        if self.path:
            con = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("ROLLBACK")
            except sqlite3.OperationalError:
                free = False
            finally:
                con.close()
        self.seen.append((uow._active.get() is None, free))

    def hash(self, password: str) -> str:
        self._look()
        return super().hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        self._look()
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            threading.Event().wait(0.02)  # long enough for the threads below to overlap
            return super().verify(stored_hash, password)
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def watch(db):
    url = db.settings.database_url
    w = _Watch(url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None)
    service.use_hasher(w)
    yield w
    service.use_hasher(None)


def test_no_hash_runs_inside_a_transaction(company, watch, frozen):
    u = _user(company)  # create_user with a password
    addr = unique_address()
    sessions.login(u.email, PW, addr)
    _fails(u.email, WRONG, addr)
    _fails(mail("nobody"), WRONG, addr)  # the dummy verification of an unknown account
    service.admin_reset_password(u.id, "Brick&Sand-2026")
    with context.acting_as(context.RequestContext(tenant_id=context.current().tenant_id, user_id=u.id,
                                                  actor=u.email)):
        sessions.change_own_password("Brick&Sand-2026", "Steel&Stone-2027")
    assert len(watch.seen) >= 6
    assert all(outside for outside, _free in watch.seen), watch.seen
    assert all(free for _outside, free in watch.seen), "SQLite's write lock was held while hashing"


def test_at_most_the_configured_number_of_hashes_run_at_once(company, watch, frozen):
    hashing.use_gate(hashing.HashGate(slots=2, wait_seconds=30, max_waiting=64))
    try:
        u = _user(company)
        errors: list[BaseException] = []

        def one(n: int) -> None:
            try:
                sessions.login(u.email, PW, unique_address())
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and watch.most == 2
    finally:
        hashing.use_gate(None)


def test_when_every_slot_is_taken_sign_in_answers_busy_with_a_code(company, make_client):
    u = _user(company)
    gate = hashing.HashGate(slots=1, wait_seconds=0, max_waiting=0)
    hashing.use_gate(gate)
    try:
        with gate.slot():  # someone else's hash is running
            with pytest.raises(AuthError) as err:
                sessions.login(u.email, PW, unique_address())
            assert err.value.code == "auth.busy" and err.value.status == 503 and err.value.message_bn
            r = make_client().post("/api/v1/auth/login", json={"email": u.email, "password": PW})
            assert r.status_code == 503 and r.json()["code"] == "auth.busy" and r.headers["Retry-After"] == "2"
        assert sessions.login(u.email, PW, unique_address()).access_token
    finally:
        hashing.use_gate(None)


def test_the_gate_is_sized_from_the_settings(monkeypatch):
    monkeypatch.setenv("VEXTRUS_AUTH_MAX_CONCURRENT_HASHES", "3")
    monkeypatch.setenv("VEXTRUS_AUTH_HASH_WAIT_SECONDS", "0.5")
    g = hashing.HashGate.from_environment()
    assert (g.slots, g.wait_seconds, g.max_waiting) == (3, 0.5, 16)
    monkeypatch.delenv("VEXTRUS_AUTH_MAX_CONCURRENT_HASHES")
    assert hashing.HashGate.from_environment().slots == 2


def test_only_the_operator_clears_a_locked_address(company, frozen):
    """An address is shared by every tenant: no tenant's administrator may clear it."""
    throttle.use_policy(ThrottlePolicy(address_failures=2))
    try:
        u = _user(company)
        addr = unique_address()
        for n in range(2):
            _fails(mail(f"guess{n}"), WRONG, addr)
        assert _fails(u.email, PW, addr).details["scope"] == "address"
        with pytest.raises(PermissionDenied):
            throttle.unlock_address_for_operator(addr)  # the tenant administrator of the fixture
        assert service.unlock_sign_in(u.id) == 0  # the account was never slowed down: the address was
        with context.acting_as(context.system_context(actor="cli")):
            assert throttle.unlock_address_for_operator(addr) >= 1
        assert sessions.login(u.email, PW, addr).access_token
    finally:
        throttle.use_policy(None)
