"""Proof that Bangla is shaped and kept in the PDF: a payment voucher in Bangla with conjuncts (ক্ষ, ন্ত্র),
reph (র্ম, র্ব), pre-base and split vowel signs (ি, ে, ো, ৌ), a table and an amount in words is rendered to
PDF; `pdftotext` must give back the very Unicode text, and the page rasterised by `pdftoppm` must match
the committed reference image (data/payment_voucher_bn.png) within a tolerance. The same page with its
conjuncts broken (a ZWNJ after each hasanta, as a font without Bangla shaping would show) must not."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from vextrus.modules.documents import rendering
from vextrus.modules.documents.doc_types import PaymentVoucherData, VoucherLine
from vextrus.modules.documents.domain.words import amount_in_words

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                reason="poppler-utils (pdftotext, pdftoppm) are installed by scripts/test")

REFERENCE = Path(__file__).parent / "data" / "payment_voucher_bn.png"
NARRATION = "কর্মচারীদের পূর্বের বকেয়া ও ক্ষতিপূরণ, মন্ত্রণালয়ের অনুমোদন সাপেক্ষে; কিশোরগঞ্জ কৌশল প্রকল্প"
PAYEE = "মেসার্স লক্ষ্মী ট্রেডার্স"
LINES = [("৫১১০", "নির্মাণ সামগ্রী", "সিমেন্ট ৫০০ ব্যাগ", D("112500.00")),
         ("৫১৫০", "পরিবহন খরচ", "ট্রাক ভাড়া", D("12500.00"))]
DPI = 50


def values(text_filter=lambda s: s) -> dict:
    data = PaymentVoucherData(
        voucher_date=date(2026, 1, 15), payee=text_filter(PAYEE), pay_mode="cheque", reference="CHQ 0045127",
        bank_account="সোনালী ব্যাংক, মতিঝিল", narration=text_filter(NARRATION),
        lines=[VoucherLine(account_code=c, account_name=text_filter(n), description=text_filter(d), amount=a)
               for c, n, d, a in LINES], journal_number="JV/2025-26/000123")
    total = sum(a for *_, a in LINES)
    return {"company": {"name": "Padma Builders Ltd.", "name_bn": text_filter("পদ্মা বিল্ডার্স লিমিটেড"),
                        "address": "ধানমন্ডি, ঢাকা", "bin": "000123456-0101", "tin": "", "logo": None},
            "data": data, "number": "PV/2025-26/000001", "doc_type": None, "draft": False, "total": total,
            "words": text_filter(amount_in_words(total, "bn")), "words_en": "", "qr": None,
            "verify_url": None, "data_hash": "0" * 64}


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def raster(pdf: bytes):
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-", f"{tmp}/page"],
                       input=pdf, check=True)
        return Image.open(io.BytesIO(Path(f"{tmp}/page.png").read_bytes())).convert("L")


def difference(a, b) -> float:
    """The share of pixels whose grey level differs by more than a quarter of the range."""
    from PIL import ImageChops

    assert a.size == b.size
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
    return diff.histogram()[255] / (a.size[0] * a.size[1])


TOLERANCE = 0.0015  # share of pixels; the same build gives 0.0, broken conjuncts about 0.0067


def test_bangla_text_round_trips_through_the_pdf():
    pdf = rendering.render_pdf("payment_voucher", "bn", values())
    text = " ".join(pdf_text(pdf).split())
    for phrase in [NARRATION, PAYEE, "এক লক্ষ পঁচিশ হাজার টাকা মাত্র", "পদ্মা বিল্ডার্স লিমিটেড", "নির্মাণ সামগ্রী",
                   "সিমেন্ট ৫০০ ব্যাগ", "১,১২,৫০০.০০", "৳১,২৫,০০০.০০", "পেমেন্ট ভাউচার", "প্রস্তুতকারী"]:
        assert phrase in text, f"{phrase!r} did not come back from the PDF"


def test_the_page_looks_like_the_reference_and_broken_shaping_does_not():
    pdf = rendering.render_pdf("payment_voucher", "bn", values())
    page = raster(pdf)
    if os.environ.get("VEXTRUS_UPDATE_REFERENCE") == "1":  # after a deliberate change of the template
        page.save(REFERENCE)
        pytest.fail("reference image rewritten: look at it, commit it, run again without the variable")
    from PIL import Image

    reference = Image.open(REFERENCE).convert("L")
    assert difference(page, reference) <= TOLERANCE
    broken = raster(rendering.render_pdf("payment_voucher", "bn", values(lambda s: s.replace("\u09cd", "\u09cd\u200c"))))
    assert difference(broken, reference) > 3 * TOLERANCE
