"""Pure rules of the documents module: amounts in words, document numbers, the data hash."""

from vextrus.platform.errors import DomainError, NotFound


class DocumentMissing(NotFound):
    """A document that does not exist in this tenant (or belongs to another company)."""

    def __init__(self, key: object):
        DomainError.__init__(self, "not_found", f"document '{key}' was not found", f"দলিল '{key}' পাওয়া যায়নি",
                             field="document_id", details={"object": "document", "key": str(key)})


FORMAT_BN = {"pdf": "পিডিএফ", "docx": "ওয়ার্ড", "html": "এইচটিএমএল"}  # a format on a Bangla page


class FormatNotOffered(NotFound):
    """A PDF asked of a Word document type, or the other way round."""

    def __init__(self, doc_type: str, fmt: str, output: str):
        DomainError.__init__(self, "format_not_offered", f"'{doc_type}' documents are made as {output}, not {fmt}",
                             f"এই দলিল {FORMAT_BN.get(output, 'অন্য')} আকারে তৈরি হয়, {FORMAT_BN.get(fmt, 'এই')} আকারে নয়", field="format",
                             details={"doc_type": doc_type, "format": fmt, "output": output})
