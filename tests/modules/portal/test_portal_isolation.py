"""The tenant-isolation sweep extended to portal users, on both databases (issue 19).

Every route of the app is enumerated (not a hand-kept list): each portal route that takes an id answers 404 to
a portal user given another buyer's or another client's ids (or its own booking/contract with another's
receipt/bill), never 403 (which would tell that the id exists) nor 500; the portal's staff routes answer 403.
Every other route of the app, called by a portal user with every method it takes, answers 4xx and never 500,
except a short, named list of public and self-service routes (sign-in, one's own profile, health, reference
lists, htmx helpers that read nothing); none of those shows another party's name or number."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from vextrus.app import create_app

PORTAL = ("/portal", "/api/v1/portal")

# (method, path) a portal user may reach outside the portal, each with its reason
OPEN = {
    # public: health, metrics, API description, sign-in and password pages, language switch
    ("GET", "/health/live"), ("GET", "/health/ready"), ("GET", "/metrics"), ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"), ("GET", "/graphql/sdl"), ("GET", "/login"), ("GET", "/forgot-password"),
    ("POST", "/forgot-password"), ("GET", "/reset-password"), ("GET", "/lang/{code}"), ("GET", "/status"),
    # the signed-in user's own: home, profile, password, two-factor, sessions, API keys, company, bell
    ("GET", "/"), ("GET", "/api/v1/auth/me"), ("GET", "/api/v1/auth/api-keys"), ("POST", "/api/v1/auth/revoke-all"),
    ("POST", "/api/v1/auth/mfa/enrol"), ("POST", "/auth/mfa/enrol"), ("GET", "/auth/profile"),
    ("GET", "/auth/password"), ("GET", "/auth/company-switch"), ("POST", "/logout"), ("GET", "/notifications/bell"),
    # reference lists the same for every company (geography, declared types and subjects, a CSV template)
    ("GET", "/api/v1/master_data/geography/divisions"), ("GET", "/api/v1/master_data/geography/districts"),
    ("GET", "/api/v1/master_data/geography/upazilas"), ("GET", "/master_data/geo/districts"),
    ("GET", "/master_data/geo/upazilas"), ("GET", "/projects/lookups/upazilas"),
    ("GET", "/api/v1/master_data/import/{kind}/template.csv"), ("GET", "/api/v1/rules/subjects"),
    ("GET", "/api/v1/files/object-types"), ("GET", "/api/v1/documents/types"), ("GET", "/api/v1/hr/leave-types"),
    ("GET", "/api/v1/interchange/targets"), ("GET", "/api/v1/projects/team-roles"),
    ("GET", "/api/v1/hr/expense-categories"),
    # htmx helpers of forms that read nothing the user may not read (the lookups answer no party to a portal
    # user; a removed row is empty; a field's check names no record)
    ("GET", "/master_data/parties/row-removed"), ("POST", "/master_data/parties/validate/{field}"),
    ("GET", "/projects/lookups/parties"), ("GET", "/projects/lookups/party-pick"),
}


def _routes(app):
    """(method, path) of every route of the app, routers included at any depth."""
    def walk(routes, prefix=""):
        for r in routes:
            if hasattr(r, "original_router"):  # a router included (FastAPI ≥ 0.16x keeps it whole)
                yield from walk(r.original_router.routes, prefix + r.include_context.prefix)
            elif getattr(r, "methods", None):
                for m in sorted(set(r.methods) - {"HEAD", "OPTIONS"}):
                    yield m, prefix + r.path, r
    return list(walk(app.routes))


def _url(path: str, ids: dict[str, object]) -> str:
    url = re.sub(r"\{(\w+):path\}", "x", path)
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), uuid.uuid4())), url)


def _session(db, ctx) -> TestClient:
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: ctx])
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture()
def secrets(estate):
    """What buyer 0 must never see: the other buyer, the clients, their bookings and contracts."""
    return ["Jahid Hasan", "জাহিদ হাসান", "Meghna Housing", "মেঘনা হাউজিং", "Jamuna Properties",
            estate.bookings[1].number, estate.receipts[1].number, "EST/C-0", str(estate.bookings[1].id),
            str(estate.contracts[0].id), str(estate.contracts[1].id)]


def test_every_portal_route_answers_404_with_another_buyers_or_clients_ids(db, estate):
    b0, b1 = estate.bookings
    c0, c1 = estate.contracts
    others = {  # who → the id sets that are not theirs (path parameter → id)
        "buyer0": [dict(booking_id=b1.id, receipt_id=estate.receipts[1].id, contract_id=c0.id, bill_id=estate.bills[0].id),
                   dict(booking_id=b0.id, receipt_id=estate.receipts[1].id, contract_id=c1.id, bill_id=estate.bills[1].id),
                   dict(booking_id=uuid.uuid4(), receipt_id=uuid.uuid4(), contract_id=uuid.uuid4(), bill_id=uuid.uuid4())],
        "client0": [dict(booking_id=b0.id, receipt_id=estate.receipts[0].id, contract_id=c1.id, bill_id=estate.bills[1].id),
                    dict(booking_id=b1.id, receipt_id=estate.receipts[1].id, contract_id=c0.id, bill_id=estate.bills[1].id)],
    }
    own = {"buyer0": {b0.id, estate.receipts[0].id}, "client0": {c0.id, estate.bills[0].id}}
    for who, id_sets in others.items():
        with _session(db, estate.as_(who)) as http:
            http.get("/portal")
            http.headers["X-CSRF-Token"] = http.cookies.get("vx_csrf") or ""
            routes = [(m, p) for m, p, _ in _routes(http.app) if p.startswith(PORTAL)]
            with_ids = [(m, p) for m, p in routes if "{" in p]
            assert len(with_ids) >= 10, with_ids  # pages, REST and PDFs of bookings, receipts, contracts, bills
            for method, path in with_ids:
                assert set(re.findall(r"\{(\w+)\}", path)) <= {"booking_id", "receipt_id", "contract_id", "bill_id"}, \
                    f"{path}: a new portal route with an id: add its id to this sweep"
                for ids in id_sets:
                    if all(ids[k] in own[who] for k in re.findall(r"\{(\w+)\}", path)):
                        continue  # its own booking (with another's receipt) is for the routes taking both
                    for lang in ("en", "bn"):
                        res = http.request(method, _url(path, ids) + f"?lang={lang}")
                        assert res.status_code == 404, (who, method, path, ids, res.status_code, res.text[:200])
            for method, path in routes:
                if "{" in path:
                    continue
                body = {"party_id": str(estate.buyers[1].id), "email": f"intruder.{who}@estate.example"}
                res = http.request(method, path, **({} if method == "GET" else
                                                    {"json": body} if path.startswith("/api/") else {"data": body}))
                expected = 403 if path.endswith("/accounts") else 200  # inviting is staff's
                assert res.status_code == expected, (who, method, path, res.status_code, res.text[:200])


def test_own_ids_answer_200_so_the_404s_above_are_not_a_broken_route(db, estate):
    b0, c0 = estate.bookings[0], estate.contracts[0]
    estate.close(b0)  # handed over, so its final statement is printed too
    ids = {"buyer0": dict(booking_id=b0.id, receipt_id=estate.receipts[0].id),
           "client0": dict(contract_id=c0.id, bill_id=estate.bills[0].id)}
    for who, own in ids.items():
        with _session(db, estate.as_(who)) as http:
            paths = [p for m, p, _ in _routes(http.app) if m == "GET" and p.startswith(PORTAL) and "{" in p
                     and set(re.findall(r"\{(\w+)\}", p)) <= set(own)]
            assert paths
            for path in paths:
                res = http.get(_url(path, own))
                assert res.status_code == 200, (who, path, res.status_code, res.text[:200])


def test_no_staff_route_is_reachable_with_a_portal_session(db, estate, secrets):
    seen_open = set()
    with _session(db, estate.as_("buyer0")) as http:
        http.get("/portal")
        http.headers["X-CSRF-Token"] = http.cookies.get("vx_csrf") or ""  # so a refusal is the route's, not CSRF's
        routes = [(m, p, r) for m, p, r in _routes(http.app) if not p.startswith(PORTAL)]
        assert len(routes) > 300
        for method, path, route in routes:
            if path == "/static" or (method, path) in {("POST", "/logout"), ("POST", "/api/v1/auth/revoke-all"),
                                                       ("POST", "/api/v1/auth/logout")}:
                continue  # signing oneself out would end the sweep
            res = http.request(method, _url(path, {}), follow_redirects=False,
                               **({} if method == "GET" else {"json": {}}))
            assert res.status_code < 500, (method, path, res.status_code, res.text[:300])
            status = res.status_code
            if 300 <= status < 400 and (method, path) not in OPEN:  # a redirect must lead nowhere it may not go
                status = http.get(res.headers["location"], follow_redirects=True).status_code
                assert status >= 400, (method, path, res.headers["location"], status)
            if status < 400:
                assert (method, path) in OPEN, (f"{method} {path} answers {status} to a portal user: refuse it (403) "
                                                f"or, if it is public or the user's own, add it to OPEN with its reason")
                seen_open.add((method, path))
                leaked = [s for s in secrets if s in res.text]
                assert not leaked, (method, path, leaked)
            elif isinstance(route, APIRoute) and path.startswith("/api/"):
                assert status in (400, 401, 403, 404, 405, 409, 422), (method, path, status)
    stale = {k for k in OPEN if k not in seen_open} - {("POST", "/logout"), ("POST", "/api/v1/auth/revoke-all")}
    assert not stale, f"routes no longer open to a portal user, remove them from OPEN: {sorted(stale)}"


def test_graphql_answers_a_portal_user_their_own_and_refuses_staff_fields(db, estate):
    with _session(db, estate.as_("client0")) as http:
        own = http.post("/graphql", json={"query": "{ portalMyContracts { code retentionHeld outstanding } "
                                                   "portalMyBookings { number } }"}).json()
        assert "errors" not in own, own
        assert [c["code"] for c in own["data"]["portalMyContracts"]] == ["EST/C-01"]
        assert own["data"]["portalMyBookings"] == []
        other = http.post("/graphql", json={"query": f'{{ portalMyContract(contractId: "{estate.contracts[1].id}") '
                                                     "{ code } }"}).json()
        assert other["errors"][0]["extensions"]["code"] == "not_found"
