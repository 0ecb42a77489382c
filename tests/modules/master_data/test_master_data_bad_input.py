"""The party list answers with the same fields as the single party (issue 12: the list over REST and
GraphQL said `bin: null` while the party had one), on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from vextrus.modules.master_data import service
from vextrus.modules.master_data.schemas import PartyInput

SCALARS = ["code", "legalName", "tin", "bin", "nid", "mobile", "email", "paymentTermsDays", "creditLimit",
           "vendorStatus", "statusReason", "version"]


@pytest.fixture
def client(db, admin):
    from vextrus.app import create_app

    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda request: admin])
    with TestClient(app) as c:
        yield c


def test_party_list_carries_bin_and_the_other_scalars_like_the_single_party(client):
    p = service.create_party(PartyInput(legal_name="Meghna Cement Mills Ltd.", roles=["vendor", "customer"], tin="123456789012",
                                        bin="0001234560101", nid="1990123456789", mobile="01711000111",
                                        email="ap@meghna.example", payment_terms_days=45,
                                        credit_limit=Decimal("2500000.00")))
    one = client.get(f"/api/v1/master_data/parties/{p.id}").json()
    listed = client.get("/api/v1/master_data/parties", params={"q": "meghna"}).json()["items"]
    assert len(listed) == 1 and one["bin"] == "0001234560101"
    for k in ("bin", "nid", "tin", "mobile", "email", "payment_terms_days", "credit_limit", "status_reason"):
        assert listed[0][k] == one[k], k
    fields = " ".join(SCALARS)
    q = f"""query($id: ID!) {{ party(id: $id) {{ {fields} }}
              parties(search: "meghna") {{ nodes {{ {fields} }} }} }}"""
    out = client.post("/graphql", json={"query": q, "variables": {"id": str(p.id)}}).json()
    assert out.get("errors") is None, out
    assert out["data"]["party"]["bin"] == "0001234560101"
    assert out["data"]["parties"]["nodes"] == [out["data"]["party"]]


def _checked(html: str, role: str) -> bool:
    import re

    tag = re.search(rf'<input type="checkbox" name="roles" value="{role}"[^>]*>', html)
    assert tag, role
    return "checked" in tag.group(0)


def test_a_new_party_form_ticks_no_role_unless_asked_and_none_is_refused_in_words(client):
    assert not _checked(client.get("/master_data/parties/new").text, "customer")
    vendor = client.get("/master_data/parties/new", params={"role": "vendor"}).text
    assert _checked(vendor, "vendor") and not _checked(vendor, "customer")
    token = client.cookies.get("vx_csrf") or ""
    r = client.post("/master_data/parties/new", data={"legal_name": "Unticked Traders", "csrf_token": token},
                    headers={"x-csrf-token": token}, follow_redirects=False)
    assert r.status_code == 422 and "A party must be a customer, a vendor or both" in r.text
    assert not _checked(r.text, "customer")  # not silently made a customer
    assert service.search_parties("Unticked").items == []
    r = client.post("/master_data/parties/new", data={"legal_name": "Ticked Traders", "roles": "vendor",
                                                      "vendor_categories": "supplier", "csrf_token": token},
                    headers={"x-csrf-token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert [p.roles for p in service.search_parties("Ticked").items] == [["vendor"]]


def test_item_form_marks_both_names_required(client):
    import re

    for lang, word in (("en", "required"), ("bn", "আবশ্যক")):
        html = client.get("/master_data/items/new", params={"lang": lang}).text
        for name in ("name", "name_bn"):
            label = re.search(rf'<label>[^<]*<abbr class="required" title="{word}">\*</abbr> <input name="{name}"[^>]*>',
                              html)
            assert label and "required" in label.group(0).split(f'name="{name}"')[1], (lang, name)
