"""The plain-text book pages: import an hledger journal or a Beancount file (the same import as
`vextrus ledger import`: all or nothing, an error names the file's line, skipped directives are listed
as warnings) and download any book as either format."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from vextrus.platform.errors import DomainError
from vextrus.platform.request_bounds import FormBody
from vextrus.platform.ui import error_text, locale_of, render

from . import service
from .service import plaintext as plaintext_io

router = APIRouter()
FORMATS = ("hledger", "beancount")
MAX_BYTES = 20 * 1024 * 1024


def guess_format(filename: str, chosen: str) -> str:
    """The chosen format, or the file's: .beancount/.bean are Beancount, anything else hledger."""
    if chosen in FORMATS:
        return chosen
    return "beancount" if filename.lower().endswith((".beancount", ".bean")) else "hledger"


def _page(request: Request, *, error: str | None = None, result: plaintext_io.ImportResult | None = None,
          kept: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, "finance/plaintext.html", status_code=status_code, books=service.list_books(),
                  error=error, result=result, kept=kept or {}, formats=FORMATS)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(request: Request, form: FormBody) -> HTMLResponse:
    kept = {k: str(form.get(k) or "").strip() for k in ("company", "name", "format")}
    upload = form.get("file")
    bn = locale_of(request) == "bn"
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise DomainError("file_required", "Choose a journal file", "একটি জার্নাল ফাইল বেছে নিন", field="file")
        data = upload.file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DomainError("file_too_large", "The file is larger than 20 MB", "ফাইলটি ২০ MB-এর বেশি", field="file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("file_not_text", "The file is not UTF-8 text", "ফাইলটি UTF-8 লেখা নয়",
                              field="file") from None
        if not kept["company"]:
            raise DomainError("company_required", "Name the company book (a short code such as PADMA)",
                              "কোম্পানির খাতার কোড দিন (যেমন PADMA)", field="company")
        result = plaintext_io.import_plaintext(text, guess_format(upload.filename, kept["format"]), kept["company"],
                                               source=upload.filename, name=kept["name"] or None)
    except DomainError as exc:
        msg = error_text(request, exc)
        where = f" [{exc.field}]" if exc.field and exc.field not in msg and not bn else ""
        return _page(request, error=msg + where, kept=kept, status_code=422)
    return _page(request, result=result)


@router.get("/{book}/export", response_class=Response)
def export_file(book: str, format: str = "hledger") -> Response:  # noqa: A002
    text = plaintext_io.export_plaintext(book, format)
    b = service.book_view(book)
    ext = "beancount" if format == "beancount" else "journal"
    return Response(text, media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{b.code}.{ext}"'})
