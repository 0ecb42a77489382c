"""Company books: the value rules of a book itself (its chart is `accounts`, its calendar `fiscal`)."""

from __future__ import annotations

from vextrus.platform.errors import ValidationFailed

BOOK_CODE_MAX = 40  # the book code column's width (a company code)


def check_book_code(code: str) -> str:
    """A book is named by its company's code: 1 to 40 characters."""
    if not code or len(code) > BOOK_CODE_MAX:
        raise ValidationFailed("book_code_invalid", f"A company code of 1–{BOOK_CODE_MAX} characters is required",
                               "১–৪০ অক্ষরের কোম্পানি কোড আবশ্যক", field="company")
    return code
