"""A value longer than its column, or text with a NUL character, is refused when set on the row, the same way on
both databases (SQLite would keep it, PostgreSQL fail with its own error): code, the field the user typed it into
(the API/form field a column declares with `info={"field": ...}`, else the column's name), English and Bangla
messages; the Bangla one says "this field" in Bangla with Bangla digits, never the English column name."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from vextrus.platform import context
from vextrus.platform.db import Amount
from vextrus.platform.errors import ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import Tenant

LATIN = re.compile(r"[A-Za-z]")


class _Base(DeclarativeBase):
    pass


class _Reversal(_Base):  # never created: the checks run when a value is set, before any SQL
    __tablename__ = "test_column_bounds_reversal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reversal_reason: Mapped[str] = mapped_column(String(400), info={"field": "reason"})
    amount: Mapped[Decimal] = mapped_column(Amount(2))


def _bn_clean(err: ValidationFailed) -> None:
    assert err.message_bn and not LATIN.findall(err.message_bn), err.message_bn


def test_over_long_text_names_the_column_and_speaks_bangla(db, tenant_id):
    code = f"b{new_id().hex[-10:]}"
    with (context.acting_as(context.system_context()), db.session_factory.begin() as s,
          pytest.raises(ValidationFailed) as e):
        s.add(Tenant(id=new_id(), code=code, name="x" * 500))
    err = e.value
    assert (err.code, err.field, err.details) == ("too_long", "name", {"max_length": 200, "length": 500})
    assert "name" in err.message and "200" in err.message
    _bn_clean(err)
    assert "২০০" in err.message_bn and "৫০০" in err.message_bn, err.message_bn
    with context.acting_as(context.system_context()), db.session_factory() as s:  # nothing was written
        assert s.scalar(select(Tenant).where(Tenant.code == code)) is None


def test_nul_character_is_refused_at_the_field_in_bangla_too(db, tenant_id):
    with (context.acting_as(context.system_context()), db.session_factory.begin() as s,
          pytest.raises(ValidationFailed) as e):
        s.add(Tenant(id=new_id(), code=f"n{new_id().hex[-10:]}", name="Nul\x00 Ltd."))
    assert (e.value.code, e.value.field) == ("invalid_character", "name")
    _bn_clean(e.value)


def test_a_column_declaring_its_field_is_refused_at_that_field():
    with pytest.raises(ValidationFailed) as e:
        _Reversal(reversal_reason="r" * 401)
    assert (e.value.code, e.value.field) == ("too_long", "reason")
    assert "reversal_reason" not in e.value.message + e.value.message_bn
    _bn_clean(e.value)
    assert "৪০০" in e.value.message_bn
    with pytest.raises(ValidationFailed) as e:
        _Reversal(reversal_reason="ok\x00")
    assert (e.value.code, e.value.field) == ("invalid_character", "reason")
    _bn_clean(e.value)


@pytest.mark.parametrize(("amount", "code"), [(Decimal(10) ** 13, "amount_too_large"),
                                              (Decimal("1.005"), "amount_precision")])
def test_amount_columns_speak_bangla_without_the_column_name(amount, code):
    with pytest.raises(ValidationFailed) as e:
        _Reversal(amount=amount)
    assert (e.value.code, e.value.field) == (code, "amount")
    _bn_clean(e.value)
