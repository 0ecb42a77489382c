"""The README says what works today (issue 12, "First steps": it promised invoices, tax, procurement, HR and
CRM before they existed). Held to the code: every module it names as working is a module of the package,
every page of its "What you see" table is a route the application serves, every document it links is in
the repository, and what it lists under "Not yet" is not also claimed as working."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MODULES = {p.name for p in (ROOT / "src/vextrus/modules").iterdir() if (p / "__init__.py").exists()}


def _section(start: str, end: str) -> str:
    return README[README.index(start) : README.index(end, README.index(start))]


def test_every_module_named_as_working_is_a_module_of_the_package():
    works = _section("**Works today:**", "**Not yet")
    named = set(re.findall(r"\(`([a-z_]+)`\)", works))
    assert named and named <= MODULES, named - MODULES


def test_not_yet_names_nothing_the_readme_also_claims():
    not_yet = _section("**Not yet", "\n\n").lower()
    table = _section("## What you see", "## Settings").lower()
    # each item of the "Not yet" list, stripped of its parenthesis
    items = [re.sub(r"\(.*?\)", "", i).strip(" .*") for i in not_yet.split(":", 1)[1].split(";")]
    for item in filter(None, items):
        assert item not in table, f"'{item}' is listed as not yet but the page table claims it"


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from vextrus.app import create_app
    from vextrus.platform.settings import load_settings

    app = create_app(load_settings(database_url="sqlite://", secret_key="r" * 48), start_runtime=False)
    return TestClient(app, raise_server_exceptions=False)


def test_every_page_of_the_table_is_served(client):
    """Asked without signing in, an address the application serves answers (a page, a sign-in request, a
    refusal of the made-up id); one it does not serve is the 404 'There is no such address'."""
    from uuid import uuid4

    table = _section("## What you see", "## Settings")
    paths = {
        p
        for row in table.splitlines()
        if row.startswith("| `/")
        for p in re.findall(r"`(/[^`\s]*)`", row.split("|")[1])
    }
    assert len(paths) > 25
    for path in sorted(paths):
        r = client.get(re.sub(r"\{[^}]+\}", str(uuid4()), path), follow_redirects=False)
        assert "There is no such address" not in r.text, path


def test_every_linked_document_is_in_the_repository():
    linked = set(re.findall(r"\]\(((?:docs|deploy)/[^)#]+)\)", README)) | set(
        re.findall(r"\b(docs/[a-z_-]+\.md)", README)
    )
    assert "docs/everyday-use.md" in linked
    for doc in sorted(linked):
        assert (ROOT / doc).is_file(), doc
