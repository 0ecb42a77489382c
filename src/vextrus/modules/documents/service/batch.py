"""Many documents at once (a month's vouchers, later payslips) as a background run with progress: each
document is its own command (numbered, rendered, stored), a refused one is reported with its index and
does not stop the others. Runs as the user who asked (platform/background.py)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from vextrus.platform import background, context
from vextrus.platform.errors import DomainError, ValidationFailed
from vextrus.platform.i18n import format_count

from .. import doc_types
from .generation import CREATE, VIEW, generate

MAX_BATCH = 500


class BatchItem(BaseModel):
    index: int
    document_id: str
    number: str


class BatchRefusal(BaseModel):
    index: int
    code: str
    message: str
    message_bn: str
    field: str | None = None


class BatchResult(BaseModel):
    generated: list[BatchItem]
    refused: list[BatchRefusal]


def run_batch(payload: dict[str, Any], progress: background.ProgressFn) -> BatchResult:
    items: list[dict[str, Any]] = payload["items"]
    generated, refused = [], []
    for i, data in enumerate(items):
        try:
            doc = generate(payload["doc_type"], payload["lang"], data)
            generated.append(BatchItem(index=i, document_id=str(doc.id), number=doc.number))
        except DomainError as exc:
            refused.append(BatchRefusal(index=i, code=exc.code, message=exc.message, message_bn=exc.message_bn,
                                        field=exc.field))
        progress("generating", i + 1, len(items))
    return BatchResult(generated=generated, refused=refused)


def submit_batch(doc_type: str, lang: str, items: list[dict[str, Any]],
                 idempotency_key: str | None = None) -> background.RunView:
    context.current().require(CREATE)
    doc_types.get(doc_type)
    doc_types.check_lang(lang)
    if not 1 <= len(items) <= MAX_BATCH:
        raise ValidationFailed("batch_size", f"A batch holds 1 to {MAX_BATCH} documents",
                               f"একটি ব্যাচে ১ থেকে {format_count(MAX_BATCH, 'bn')}টি দলিল থাকে", field="items",
                               details={"max": MAX_BATCH, "given": len(items)})
    return background.submit(f"documents.batch.{doc_type}", f"{__name__}:run_batch",
                             {"doc_type": doc_type, "lang": lang, "items": items}, view_permission=VIEW,
                             idempotency_key=idempotency_key)
