"""Files: attachments on any object of any module (by object type + id), content-addressed storage on
local disk or an S3-compatible store, versions, soft delete with retention, virus scanning, thumbnails."""

from vextrus.platform.modules import Module, Permission

_P = "vextrus.modules.files"

MODULE = Module(
    name="files",
    title="Files",
    title_bn="ফাইল",
    permissions=(
        Permission("files.file.view", "See and download attached files", "সংযুক্ত ফাইল দেখা ও ডাউনলোড"),
        Permission("files.file.create", "Attach files and upload new versions", "ফাইল সংযুক্ত ও নতুন সংস্করণ আপলোড"),
        Permission("files.file.delete", "Delete and restore attached files", "সংযুক্ত ফাইল মোছা ও ফিরিয়ে আনা"),
        Permission("files.file.manage", "Purge deleted files", "মোছা ফাইল স্থায়ীভাবে সরানো"),
    ),
    metadata=f"{_P}.tables:Base",
    rest=f"{_P}.rest:router",
    web=f"{_P}.web:router",
    graphql=f"{_P}.graphql:SUBGRAPH",
    jobs=f"{_P}.jobs:JOBS",
    ready=f"{_P}.jobs:ready",
)
