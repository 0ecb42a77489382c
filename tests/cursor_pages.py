"""Walking a REST list's cursor pages (`?first&after`, docs/modules.md "REST convention") to its end, for the
tests that check every row comes once and in a stable order, whatever the page size."""

from __future__ import annotations

from fastapi.testclient import TestClient


def walk_pages(client: TestClient, url: str, first: int = 2, **params: str) -> list[dict]:
    """Every item of the list at `url`, page after page of `first`, each page checked for its shape and size."""
    seen: list[dict] = []
    after = None
    while True:
        r = client.get(url, params={"first": first, **params, **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        assert set(page) == {"items", "end_cursor", "has_next_page"} and len(page["items"]) <= first
        seen += page["items"]
        if not page["has_next_page"]:
            return seen
        after = page["end_cursor"]
