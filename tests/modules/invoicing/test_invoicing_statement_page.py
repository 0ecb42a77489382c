"""The statement page picks its party (issue 16): opened from the invoicing page without a party it offers the
company's customers (or vendors) in a list, in the page's language, and shows nothing until one is chosen; chosen,
it shows that party's statement. Both databases."""

from __future__ import annotations

import re

from vextrus.modules.invoicing import service


def test_the_statement_page_offers_the_parties_and_shows_the_chosen_ones(client, co, invoice):
    service.post_invoice(service.create_invoice(invoice(co, "sales")).id)
    home = client.get("/invoicing?lang=bn")
    assert 'id="to-statement-sales"' in home.text and "গ্রাহকের হিসাব বিবরণী" in home.text

    empty = client.get(f"/invoicing/statement?company={co.company_id}&kind=sales&lang=bn")
    assert empty.status_code == 200
    options = dict((v, n) for v, n in re.findall(r'<option value="([0-9a-f-]{36})" ?>([^<]+)</option>', empty.text))
    assert options.get(str(co.customer_id)) == "মেঘনা হাউজিং লিমিটেড"
    assert str(co.vendor_id) not in options  # a customer statement lists customers
    assert 'id="statement"' not in empty.text

    chosen = client.get(f"/invoicing/statement?company={co.company_id}&kind=sales&party={co.customer_id}"
                        "&date_to=2025-12-31&lang=bn")
    assert chosen.status_code == 200 and 'id="statement"' in chosen.text
    assert re.search(rf'<option value="{co.customer_id}" selected>মেঘনা হাউজিং লিমিটেড</option>', chosen.text)
    assert "চালান" in chosen.text

    vendors = client.get(f"/invoicing/statement?company={co.company_id}&kind=purchase&lang=en")
    assert str(co.vendor_id) in vendors.text and "BSRM Steels Ltd." in vendors.text
