"""Two people generating vouchers at the same moment both get one, with consecutive numbers: the
sequence row is taken FOR UPDATE, so the second waits for the first instead of failing with a stale
version (PostgreSQL; SQLite's writers take turns anyway). Both threads are inside their transactions,
about to take the next serial, before either goes on."""

from __future__ import annotations

import threading

import pytest

from vextrus.modules.documents import service
from vextrus.modules.documents.service import generation
from vextrus.modules.organization import api as organization
from vextrus.platform import context
from vextrus.platform.ids import new_id

VOUCHER = {"voucher_date": "2026-03-01", "payee": "Padma Sand", "lines": [
    {"account_code": "5110", "account_name": "Sand", "amount": "5000"}]}


@pytest.mark.postgres_only
def test_two_at_once_get_consecutive_numbers(db, admin, monkeypatch):
    organization.create_company(organization.CompanyInput(code=f"K{new_id().hex[-6:]}".upper(), name="Karnaphuli"))
    first = service.generate("payment_voucher", "en", VOUCHER)  # the sequence row exists from here on
    barrier = threading.Barrier(2, timeout=30)
    real = generation._next_serial

    def together(*args, **kwargs):
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(generation, "_next_serial", together)
    results: list[object] = [None, None]

    def run(i: int) -> None:
        try:
            with context.acting_as(admin):
                results[i] = service.generate("payment_voucher", "bn", VOUCHER)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(not isinstance(r, Exception) for r in results), results
    assert first.number == "PV/2025-26/000001"
    assert sorted(r.number for r in results) == ["PV/2025-26/000002", "PV/2025-26/000003"]
