from __future__ import annotations

import pytest

from vextrus.modules.auth.domain.errors import MESSAGES, AuthError


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_code_has_english_and_bangla(code):
    err = AuthError.of(code, field="x", hint=1)
    assert err.code == code and err.field == "x" and err.details == {"hint": 1}
    assert err.message.isascii()
    assert any("\u0980" <= ch <= "\u09ff" for ch in err.message_bn)
    assert err.to_dict() == {
        "code": code,
        "message": err.message,
        "message_bn": err.message_bn,
        "field": "x",
        "details": {"hint": 1},
    }


def test_login_failure_message_does_not_mention_which_part_was_wrong():
    en, bn = MESSAGES["auth.invalid_credentials"]
    assert "not found" not in en.lower() and "exist" not in en.lower()
