"""Photos of a delivery at a site store, on its goods receipt note, in a real headless Chromium (Debian chromium
through Playwright, `vextrus serve --demo`), in English and Bangla: the store keeper opens the GRN from its order,
chooses two photos at once in the file input (the page's script sends each as its own upload with the CSRF header),
sees both listed with thumbnails the browser could draw; a PDF chosen next is refused in the page's language at the
field (nothing added).

The order and its GRN are made through REST with the signed-in owner's session (requisition → RFQ → quotations →
selection → order → approval → receipt), at a new site store of the demo project, so the figures are the test's own."""

from __future__ import annotations

import io
from datetime import timedelta
from uuid import uuid4

import pytest
from PIL import Image
from playwright.sync_api import expect
from test_bangla_walk import offending, user_phrases

from vextrus.platform import clock

pytestmark = pytest.mark.browser

PROJECT = "PADMA-RES"
CEMENT = "CEM-OPC-50"
REFUSED = {"en": "Only photos", "bn": "শুধু ছবি"}


@pytest.fixture
def page(signed_in_page):
    return signed_in_page


def _photo(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(out, "JPEG")
    return out.getvalue()


def _ok(answer, status: int = 200):  # noqa: ANN001, ANN202
    assert answer.status == status, answer.text()[:800]
    return answer.json()


def _received_order(live_server, page) -> tuple[str, str]:
    """(order id, GRN id): ten bags of cement ordered for a new site store and received."""
    url, api = live_server.url, page.request
    page.goto(url + "/inventory?lang=en")
    company = page.locator("#move-form input[name=company_id]").input_value()
    project = page.locator("#move-form select[name=project_id] option", has_text=f"{PROJECT} — ").get_attribute("value")
    code = "GRN-" + uuid4().hex[:6].upper().translate(str.maketrans("0123456789", "GHIJKLMNOP"))
    store = _ok(api.post(url + "/api/v1/inventory/stores", data={
        "company_id": company, "code": code, "name": f"Photo site store {code}", "name_bn": f"ছবির গুদাম {code}",
        "kind": "site", "project_id": project}), 201)["id"]
    item = next(i for i in _ok(api.get(url + f"/api/v1/master_data/items?q={CEMENT}"))["items"] if i["code"] == CEMENT)
    vendors = [p["id"] for p in _ok(api.get(url + "/api/v1/master_data/parties?role=vendor&vendor_status=approved"))["items"]][:3]
    assert vendors, "the demo has approved vendors"
    today = clock.today()
    req = _ok(api.post(url + "/api/v1/procurement/requisitions", data={
        "company_id": company, "store_id": store, "requested_on": today.isoformat(),
        "lines": [{"item_id": item["id"], "quantity": "10", "needed_by": (today + timedelta(days=7)).isoformat()}]}), 201)
    _ok(api.post(url + f"/api/v1/procurement/requisitions/{req['id']}/submit"))
    _ok(api.post(url + f"/api/v1/procurement/requisitions/{req['id']}/approve"))
    rfq = _ok(api.post(url + "/api/v1/procurement/rfqs", data={"requisition_id": req["id"], "vendor_ids": vendors}), 201)
    for n, v in enumerate(vendors):
        _ok(api.post(url + f"/api/v1/procurement/rfqs/{rfq['id']}/quotations",
                     data={"party_id": v, "lines": [{"item_id": item["id"], "rate": str(520 + 5 * n)}]}))
    _ok(api.post(url + f"/api/v1/procurement/rfqs/{rfq['id']}/select", data={"selections": [
        {"item_id": item["id"], "party_id": vendors[0], "reason": "Browser test: the lowest quotation"}]}))
    po = _ok(api.post(url + f"/api/v1/procurement/rfqs/{rfq['id']}/orders", data={"order_date": today.isoformat()}),
             201)[0]
    _ok(api.post(url + f"/api/v1/procurement/orders/{po['id']}/approve"))
    grn = _ok(api.post(url + "/api/v1/procurement/receipts", data={
        "order_id": po["id"], "receipt_date": today.isoformat(), "challan_no": "CH-2024", "vehicle_no": "DM-TA-11",
        "lines": [{"line_no": 1, "received": "10", "accepted": "10"}]}), 201)
    return po["id"], grn["id"]


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_photos_chosen_together_are_uploaded_and_shown_and_a_pdf_refused(live_server, page, lang):
    order, grn = _received_order(live_server, page)
    page.goto(live_server.url + f"/procurement/orders/{order}?lang={lang}")
    page.click(f"a[href='/procurement/receipts/{grn}']")  # the GRN's number on its order's page
    page.wait_for_selector("#grn-photos")
    expect(page.locator("#no-photos")).to_be_visible()
    page.set_input_files("#grn-photo-input", [
        {"name": "truck.jpg", "mimeType": "image/jpeg", "buffer": _photo((200, 120, 40))},
        {"name": "চালান.jpg", "mimeType": "image/jpeg", "buffer": _photo((40, 90, 200))}])
    expect(page.locator("#photo-list li")).to_have_count(2, timeout=30_000)
    names = [t.strip() for t in page.locator("#photo-list li span").all_inner_texts()]
    assert names == ["truck.jpg", "চালান.jpg"], names
    thumbs = page.locator("#photo-list img")
    expect(thumbs).to_have_count(2)
    for i in range(2):  # the browser drew each thumbnail: the image answered and decoded
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbs.nth(i).element_handle())
        assert thumbs.nth(i).evaluate("img => img.naturalWidth") == 256

    page.set_input_files("#grn-photo-input", [{"name": "bill.pdf", "mimeType": "application/pdf",
                                               "buffer": b"%PDF-1.4\n%%EOF\n"}])
    error = page.locator("#photo-error")
    expect(error).to_be_visible(timeout=30_000)
    assert REFUSED[lang] in error.inner_text() and error.get_attribute("data-field") == "file"
    assert page.locator("#grn-photo-input").get_attribute("aria-invalid") == "true"
    expect(page.locator("#photo-list li")).to_have_count(2)  # nothing added
    page.reload()
    expect(page.locator("#photo-list li")).to_have_count(2)
    if lang == "bn":
        mine = ["truck.jpg", "চালান.jpg"]  # the photos' own names, as the user chose them
        words, numbers = offending(page.locator("main").inner_text(),
                                   mine + user_phrases(str(live_server.workdir / "vextrus.db")))
        assert not words and not numbers, (words, numbers)
