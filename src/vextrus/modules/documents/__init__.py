"""Documents: PDFs per document type and language (Jinja2 → HTML → WeasyPrint, Noto Sans Bengali), numbered,
with the company letterhead, amounts in words (lakh/crore, English and Bangla) and a QR code to their
verification page, stored as immutable files with the hash of the data they were made from; Excel exports."""

from vextrus.platform.modules import Module, NavItem, Permission

_P = "vextrus.modules.documents"

MODULE = Module(
    name="documents",
    title="Documents",
    title_bn="দলিল",
    depends_on=("files", "organization"),  # PDFs are stored as files; the letterhead is the company's
    uses=("files.file.create", "files.file.view", "organization.company.view"),
    permissions=(
        Permission("documents.document.view", "See and download generated documents", "তৈরি করা দলিল দেখা ও ডাউনলোড"),
        Permission("documents.document.create", "Generate documents", "দলিল তৈরি"),
        Permission("documents.template.view", "Preview document templates", "দলিলের টেমপ্লেট দেখা"),
        Permission("documents.template.manage", "Edit the company's document templates", "দলিলের টেমপ্লেট সম্পাদনা"),
    ),
    nav=(NavItem("Documents", "দলিল", "/documents", "documents.document.view"),),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
)
