"""Security issue #10, finding 1: an uploaded journal must never make the server read its own files.

The attack (found against a running server): an hledger upload with `include /etc/passwd`,
`include var/secret_key`, `include /proc/self/environ` or `include /dev/zero` was resolved on the
server's disk and the lines came back in `warnings`. Here every path form goes through every import
entry point (service, REST, the page; hledger and Beancount) and must be refused with nothing written
and nothing of the file echoed. The CLI follows includes only when the operator asks, and then only
into ordinary files. User-written alias regexes run on RE2 (linear time), so `alias /(a+)+$/` cannot
freeze the server.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bangla_text import latin_left
from vextrus.app import create_app
from vextrus.modules.finance import plaintext_files, service
from vextrus.modules.finance.domain.errors import LedgerError
from vextrus.modules.finance.domain.plaintext.hledger import parse_hledger
from vextrus.modules.finance.service import plaintext as plaintext_io

SECRET = "TOP-SECRET-do-not-echo-7f3a"


@pytest.fixture
def secret_tree(tmp_path: Path) -> Path:
    """A data directory as the server has one: a secret key file, and a symlink pointing at it."""
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "secret_key").write_text(f"2025-01-01 {SECRET}\n  assets:a  1\n  equity:b\n")
    (tmp_path / "link.journal").symlink_to(tmp_path / "var" / "secret_key")
    return tmp_path


def _targets(root: Path) -> list[str]:
    absolute = str(root / "var" / "secret_key")
    return [
        absolute,  # absolute
        "var/secret_key",  # relative to the working directory
        os.path.relpath(absolute, start=os.getcwd()),  # relative with ..
        "../" * 12 + absolute.lstrip("/"),  # climbing above the root
        str(root / "link.journal"),  # a symlink
        str(root / "var" / "*"),  # a glob
        "~/.bashrc",  # the home directory
        "/etc/passwd",
        "/proc/self/environ",
        "/dev/zero",  # reads without end
        "/dev/stdin",
    ]


def _journal(target: str) -> str:
    return f"include {target}\n\n2025-07-01 ok\n  assets:cash  ৳100\n  equity:capital\n"


def test_the_pure_reader_refuses_every_include_form(secret_tree: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(secret_tree)
    for target in _targets(secret_tree):
        with pytest.raises(LedgerError) as e:
            parse_hledger(_journal(target), source="upload")
        assert e.value.code == "plaintext_include_refused", target
        assert e.value.field == "upload:1"
        assert SECRET not in str(e.value.to_dict())


def test_service_import_refuses_includes_and_writes_nothing(db, admin, secret_tree: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(secret_tree)
    for i, target in enumerate(_targets(secret_tree)):
        with pytest.raises(LedgerError) as e:
            plaintext_io.import_plaintext(_journal(target), "hledger", f"INC{i}", source="upload")
        assert e.value.code == "plaintext_include_refused"
    with pytest.raises(LedgerError) as e:
        plaintext_io.import_plaintext(f'include "{secret_tree / "var" / "secret_key"}"\n', "beancount", "BCI")
    assert "include is not supported" in e.value.message
    assert not [b for b in service.list_books() if b.code.startswith(("INC", "BCI"))]


@pytest.fixture
def client(db, admin):
    app = create_app(db.settings, start_runtime=False, extra_authenticators=[lambda _req: admin])
    with TestClient(app) as c:
        c.get("/finance/import")
        c.headers["X-CSRF-Token"] = c.cookies.get("vx_csrf") or ""
        yield c


def test_rest_and_page_uploads_refuse_includes_without_echoing_a_byte(client, secret_tree: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(secret_tree)
    for i, target in enumerate(_targets(secret_tree)):
        r = client.post("/api/v1/finance/import", params={"company": f"R{i}", "format": "hledger"},
                        content=_journal(target).encode(), headers={"Content-Type": "text/plain"})
        assert r.status_code == 422 and r.json()["code"] == "plaintext_include_refused", (target, r.text)
        assert r.json()["message_bn"] and SECRET not in r.text and "root:" not in r.text
        page = client.post("/finance/import", data={"company": f"P{i}", "format": ""},
                           files={"file": ("evil.journal", _journal(target).encode())})
        assert page.status_code == 422 and "include" in page.text and SECRET not in page.text
    assert not [b for b in service.list_books() if b.code.startswith(("R", "P"))]


def test_the_cli_reads_includes_only_when_asked_and_only_ordinary_files(tmp_path: Path):
    (tmp_path / "sub.journal").write_text("2025-01-02 sub\n  assets:bank  500\n  equity:o\n", encoding="utf-8")
    main = tmp_path / "main.journal"
    main.write_text("include sub.journal\n", encoding="utf-8")
    assert len(plaintext_files.load_hledger(str(main)).transactions) == 1
    with pytest.raises(LedgerError) as e:
        plaintext_files.load_hledger(str(main), follow_includes=False)
    assert e.value.code == "plaintext_include_refused"
    for device in ("/dev/zero", "/proc/self/environ", "/dev/stdin"):
        main.write_text(f"include {device}\n", encoding="utf-8")
        with pytest.raises(LedgerError) as e:
            plaintext_files.load_hledger(str(main))
        assert e.value.code == "plaintext_include_missing", device
    main.write_text("include nothing-here.journal\n", encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        plaintext_files.load_hledger(str(main))
    assert e.value.code == "plaintext_include_missing"
    main.write_text("include main.journal\n", encoding="utf-8")
    with pytest.raises(LedgerError) as e:
        plaintext_files.load_hledger(str(main))
    assert e.value.code == "plaintext_include_cycle"


def test_a_catastrophic_alias_regex_runs_in_linear_time():
    # With Python's backtracking `re` this account name takes longer than the universe's age to rename.
    name = "a" * 50_000 + "!"
    j = parse_hledger(f"alias /(a+)+$/ = x\n\n2025-01-01 t\n  {name}  ৳1\n  equity:o\n")
    assert {p.account for t in j.transactions for p in t.postings} == {name, "equity:o"}
    j = parse_hledger("alias /^ASSETS:(.*)/ = a:\\1\n\n2025-01-01 t\n  assets:bank  ৳1\n  equity:o\n")
    assert j.transactions[0].postings[0].account == "a:bank"  # case-insensitive, with a group, as hledger


@pytest.mark.parametrize("pattern", [r"(a)\1", "x" * 301, "(", "(?=a)b"])
def test_alias_patterns_beyond_a_linear_engine_are_refused_naming_the_line(pattern: str):
    with pytest.raises(LedgerError) as e:
        parse_hledger(f"\nalias /{pattern}/ = x\n", source="upload")
    assert e.value.code == "plaintext_alias_invalid" and e.value.field == "upload:2"


def test_a_refusal_names_the_line_in_bangla_digits_and_the_journal_as_written():
    with pytest.raises(LedgerError) as e:
        parse_hledger("\n\n\n\n\n\n\n\n\n\nalias /(a)\\1/ = x\n", source="upload")
    assert e.value.message_bn == "upload:১১: উপনামের (alias) প্যাটার্নটি চালানো যায় এমন রেগুলার এক্সপ্রেশন নয়: (a)\\1"
    with pytest.raises(LedgerError) as e:
        parse_hledger("\nalias x\n", source="")
    assert e.value.message_bn.startswith("লাইন ২: ") and latin_left(e.value.message_bn, "alias") == []
