"""Pure rules of the documents module: amounts in words, document numbers, the data hash."""

from vextrus.platform.errors import DomainError, NotFound


class DocumentMissing(NotFound):
    """A document that does not exist in this tenant (or belongs to another company)."""

    def __init__(self, key: object):
        DomainError.__init__(self, "not_found", f"document '{key}' was not found", f"দলিল '{key}' পাওয়া যায়নি",
                             field="document_id", details={"object": "document", "key": str(key)})
