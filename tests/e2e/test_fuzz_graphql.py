"""GraphQL fuzzing of every query and mutation (how and why: tests/e2e/api_fuzzing.py)."""

from __future__ import annotations

import pytest
from api_fuzzing import graphql_operations_never_answer_5xx, signed_in  # noqa: F401 (signed_in is a fixture)

pytestmark = pytest.mark.slow


def test_graphql_operations_never_answer_5xx(signed_in):  # noqa: ANN001, F811
    graphql_operations_never_answer_5xx(signed_in)
