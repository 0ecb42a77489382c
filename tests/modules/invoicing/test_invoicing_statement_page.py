"""The statement page picks its party (issue 16): opened from the invoicing page without a party it offers the
company's customers (or vendors) in a list, in the page's language, and shows nothing until one is chosen; chosen,
it shows that party's statement. Both databases."""

from __future__ import annotations

import re
from decimal import Decimal as D

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


def _text(pdf: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_statement_prints_as_a_pdf_in_english_and_bangla(client, co, invoice):
    """The PDF holds the page's figures: the invoice on its date, the closing balance in figures and words."""
    inv = service.post_invoice(service.create_invoice(invoice(co, "sales")).id)
    st = service.party_statement(co.company_id, "sales", co.customer_id, inv.invoice_date)
    assert st.closing_balance == inv.gross
    q = f"company_id={co.company_id}&party_id={co.customer_id}&kind=sales&date_to={inv.invoice_date.isoformat()}"
    en = client.get(f"/api/v1/invoicing/statement.pdf?{q}&lang=en")
    assert en.status_code == 200 and en.headers["content-type"] == "application/pdf"
    text = " ".join(_text(en.content).split())
    # 10,00,000 at S004.00's 10 % (from 1 July 2025) + (2.5 × 20,000 − 1,000) at 15 %: 11,00,000 + 56,350, in lakhs
    assert inv.gross == D("1156350.00")
    figure = "11,56,350.00"
    assert "Statement of account" in text and "Meghna Housing Ltd." in text and inv.number in text
    assert f"Closing balance {figure}" in text, text

    bn = client.get(f"/api/v1/invoicing/statement.pdf?{q}&lang=bn")
    bn_text = " ".join(_text(bn.content).split())
    bangla = figure.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert "হিসাব বিবরণী" in bn_text and "মেঘনা হাউজিং লিমিটেড" in bn_text and "সমাপনী স্থিতি" in bn_text
    assert "কথায়" in bn_text and "টাকা" in bn_text
    assert client.get(f"/api/v1/invoicing/statement.pdf?{q}&lang=en").content == en.content  # stored once, found again

    page = client.get(f"/invoicing/statement?company={co.company_id}&kind=sales&party={co.customer_id}"
                      f"&date_to={inv.invoice_date.isoformat()}&lang=bn")
    link = re.search(r'id="statement-pdf" href="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    printed = client.get(link)
    assert printed.status_code == 200 and printed.content[:4] == b"%PDF"
    assert bangla.split(".")[0] in " ".join(_text(printed.content).split())  # the Bangla page prints in Bangla

    unknown = client.get(f"/api/v1/invoicing/statement.pdf?company_id={co.company_id}&party_id={co.company_id}"
                         f"&kind=sales&date_to=2025-12-31")
    assert unknown.status_code == 422 and unknown.json()["field"] == "party_id"
