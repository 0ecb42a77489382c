"""REST fuzzing, shard 1 of 2 of the operations (how and why: tests/e2e/api_fuzzing.py)."""

from __future__ import annotations

import pytest
from api_fuzzing import rest_operations_never_answer_5xx, signed_in  # noqa: F401 (signed_in is a fixture)

pytestmark = pytest.mark.slow


def test_rest_operations_never_answer_5xx(signed_in):  # noqa: ANN001, F811
    rest_operations_never_answer_5xx(signed_in, shard=(0, 2))
