"""Reading plain-text journals from disk, for the operator's CLI only.

An uploaded journal never reaches the filesystem (its `include` lines are refused). A file the operator
names on the command line may include others, and only then: `vextrus ledger import --follow-includes`.
Even there an include must name ordinary files (no devices, pipes, /proc or /sys) of bounded size.
"""

from __future__ import annotations

import glob
import os
import stat

from .domain.plaintext.beancount import parse_beancount
from .domain.plaintext.hledger import IncludeReader, parse_hledger
from .domain.plaintext.model import PlainJournal

MAX_FILE_BYTES = 512 * 1024 * 1024
_SYSTEM_TREES = ("/proc/", "/sys/", "/dev/")


def read_journal_file(path: str) -> str:
    """The text of an ordinary file, refusing devices and pseudo-files that read without end."""
    real = os.path.realpath(path)
    if real.startswith(_SYSTEM_TREES):
        raise OSError(f"not an ordinary file: {path}")
    with open(real, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"not an ordinary file: {path}")
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OSError(f"larger than {MAX_FILE_BYTES} bytes: {path}")
    return data.decode("utf-8")


def include_reader() -> IncludeReader:
    """Resolves hledger `include` arguments as hledger does: relative to the including file, `~` and globs."""

    def read(arg: str, including: str) -> list[tuple[str, str]]:
        base = os.path.dirname(including) if including and not including.startswith("<") else os.getcwd()
        pattern = os.path.expanduser(arg)
        path = pattern if os.path.isabs(pattern) else os.path.join(base, pattern)
        names = sorted(glob.glob(path)) if any(ch in path for ch in "*?[") else [path]
        return [(name, read_journal_file(name)) for name in names]

    return read


def load_hledger(path: str, *, follow_includes: bool = True) -> PlainJournal:
    """Parse an hledger journal file the operator named (its includes followed unless told not to)."""
    return parse_hledger(read_journal_file(path), source=path,
                         read_include=include_reader() if follow_includes else None)


def load_beancount(path: str) -> PlainJournal:
    """Parse a Beancount file the operator named (Beancount `include` is refused by the reader)."""
    return parse_beancount(read_journal_file(path), source=path)
