"""The files module's commands and queries (one file per concern: attachments, download links)."""

from .attachments import (
    Content,
    Received,
    add_version,
    attach,
    delete_file,
    get_file,
    list_files,
    open_version,
    purge,
    receive,
    restore_file,
)
from .links import LinkExpired, LinkInvalid, LinkTarget, download_link, resolve

__all__ = ["Content", "LinkExpired", "LinkInvalid", "LinkTarget", "Received", "add_version", "attach",
           "delete_file", "download_link", "get_file", "list_files", "open_version", "purge", "receive",
           "resolve", "restore_file"]
