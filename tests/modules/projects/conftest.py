"""Fixtures for the projects domain tests."""

import pytest
from projects_testkit import site_calendar


@pytest.fixture
def site():
    return site_calendar()
