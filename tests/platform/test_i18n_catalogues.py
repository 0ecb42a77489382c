"""The message catalogues hold what the pages ask for: every key a template names with t('...') is in English
and Bangla (in its module's catalogue or the shell's), both languages have the same keys, every stored value a
page shows in words through label()/t(prefix ~ value) has its words, and no Bangla text is the English one
left untranslated (apart from brand names and codes listed here)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from vextrus.platform import i18n

PACKAGES = ["vextrus.web"] + [f"vextrus.modules.{p.name}" for p in sorted(
    Path(resources.files("vextrus.modules")).iterdir()) if (p / "i18n" / "en.json").exists()]  # type: ignore[arg-type]
KEY = re.compile(r"""\bt\(\s*(['"])([^'"]+)\1\s*[,)]""")
# Bangla values that may equal the English: brand, format and standard names, codes, pure placeholders.
SAME_ALLOWED = {"app.name", "lang.switch", "status.bus.nats"}
SAME_VALUE_ALLOWED = re.compile(r"^(?:[A-Z0-9/&.+\- ]+|[\W\d_]*|\{\w+\}.*|.*\b(?:XER|CSV|XLSX|hledger|Beancount|P6|"
                                r"MSPDI|TOTP|API|BOQ|EVM|WBS|VAT|TIN|BIN|PDF)\b.*)$")


def catalogue(package: str, locale: str) -> dict[str, str]:
    return json.loads(resources.files(package).joinpath("i18n", f"{locale}.json").read_text("utf-8"))


def templates(package: str) -> list[Path]:
    root = Path(str(resources.files(package).joinpath("templates")))
    return sorted(root.rglob("*.html")) if root.is_dir() else []


@pytest.mark.parametrize("package", PACKAGES)
def test_both_languages_have_the_same_keys(package):
    en, bn = catalogue(package, "en"), catalogue(package, "bn")
    assert sorted(set(en) - set(bn)) == [], f"{package}: in English only"
    assert sorted(set(bn) - set(en)) == [], f"{package}: in Bangla only"


@pytest.mark.parametrize("package", PACKAGES)
def test_every_template_key_is_in_both_languages(package):
    shell_en, shell_bn = catalogue("vextrus.web", "en"), catalogue("vextrus.web", "bn")
    en, bn = catalogue(package, "en") | shell_en, catalogue(package, "bn") | shell_bn
    missing = sorted({f"{path.name}: {m.group(2)}" for path in templates(package)
                      for m in KEY.finditer(path.read_text("utf-8")) if m.group(2) not in en or m.group(2) not in bn})
    assert missing == [], f"{package}: keys used by templates but not in both catalogues"


@pytest.mark.parametrize("package", PACKAGES)
def test_bangla_is_not_the_english_left_in(package):
    en, bn = catalogue(package, "en"), catalogue(package, "bn")
    same = sorted(k for k, v in bn.items() if en.get(k) == v and k not in SAME_ALLOWED
                  and not SAME_VALUE_ALLOWED.match(v))
    assert same == [], f"{package}: Bangla equals English"


def test_bangla_texts_carry_the_english_placeholders():
    for package in PACKAGES:
        en, bn = catalogue(package, "en"), catalogue(package, "bn")
        for key, text in en.items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", bn.get(key, ""))), \
                f"{package} {key}: placeholders differ"


def _enum_values() -> dict[str, list[str]]:
    """Each catalogue prefix a page fills from stored values, with every value it can meet."""
    from vextrus.modules.auth.domain.roles import DEFAULT_ROLES
    from vextrus.modules.finance.domain.accounts import AccountSubtype, AccountType
    from vextrus.modules.finance.domain.fiscal import PeriodState
    from vextrus.modules.finance.domain.journal import JournalType
    from vextrus.modules.master_data.domain.items import ItemKind
    from vextrus.modules.master_data.domain.party import PartyRole, PartyType
    from vextrus.modules.master_data.domain.units import UNITS
    from vextrus.modules.organization.domain import BRANCH_KINDS
    from vextrus.modules.projects.service import STATUSES

    return {
        "auth.role": [r.code for r in DEFAULT_ROLES],
        "fin.at": [t.value for t in AccountType],
        "fin.st": [s.value for s in AccountSubtype],
        "fin.jt": [j.value for j in JournalType],
        "fin.ps": [s.value for s in PeriodState],
        "org.kind": [*BRANCH_KINDS, "department", "cost_centre"],
        "projects.st": list(STATUSES),
        "md.kind": [k.value for k in ItemKind],
        "md.pt": [p.value for p in PartyType],
        "md.role": [r.value for r in PartyRole],
        "md.unit": list(UNITS),
        "md.vs": ["pending", "approved", "suspended", "blacklisted"],
        "md.vc": ["supplier", "subcontractor", "consultant", "transporter", "equipment_rental"],
    }


def test_every_stored_value_a_page_shows_has_words_in_both_languages():
    packages = tuple(PACKAGES)
    missing = []
    for kind, values in _enum_values().items():
        for value in values:
            for locale in ("en", "bn"):
                if i18n.translate(f"{kind}.{value}", locale, packages) == f"{kind}.{value}":
                    missing.append(f"{locale} {kind}.{value}")
                elif locale == "bn" and i18n.label(kind, value, "bn", packages) == i18n.label(kind, value, "en", packages):
                    missing.append(f"bn {kind}.{value} is the English")
    assert missing == []


def test_label_falls_back_to_the_value_in_words():
    assert i18n.label("md.kind", "material", "bn", tuple(PACKAGES)) == "উপকরণ"
    assert i18n.label("md.kind", "not_a_kind", "bn", tuple(PACKAGES)) == "not a kind"
    assert i18n.label("md.kind", None, "bn", tuple(PACKAGES)) == ""


def _latin_words(text: str) -> list[str]:
    """English words left in a Bangla message (codes such as P01 or FY2025-26 are not words)."""
    return [w for w in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", text) if not w.isupper()]


def test_bangla_domain_messages_carry_no_english_enum_values():
    from vextrus.modules.finance.domain import accounts, fiscal
    from vextrus.modules.finance.domain.errors import LedgerError

    messages = []
    for state in fiscal.PeriodState:
        if state is not fiscal.PeriodState.OPEN:
            with pytest.raises(LedgerError) as refused:
                fiscal.check_can_post(state, "purchase", "P01")
            messages.append(refused.value.message_bn)
    with pytest.raises(LedgerError) as refused:
        fiscal.transition_period({1: fiscal.PeriodState.LOCKED}, 1, fiscal.PeriodState.OPEN)
    messages.append(refused.value.message_bn)
    with pytest.raises(LedgerError) as refused:
        fiscal.transition_period({}, 2, fiscal.PeriodState.CLOSED)  # P01 still open
    messages.append(refused.value.message_bn)
    with pytest.raises(LedgerError) as refused:
        accounts.Account(code="1", name="x", account_type=accounts.AccountType.ASSET,
                         subtype=accounts.AccountSubtype.REVENUE)
    messages.append(refused.value.message_bn)
    from datetime import date
    from decimal import Decimal

    from vextrus.modules.finance.domain import journal

    huge = journal.EntryInput("general", date(2025, 7, 1), [
        journal.LineInput("1110", debit=Decimal(10) ** 14), journal.LineInput("3100", credit=Decimal(10) ** 14)])
    messages += [p.message_bn for p in journal.entry_problems(huge)]
    nan = journal.EntryInput("general", date(2025, 7, 1), [
        journal.LineInput("1110", debit=Decimal("NaN")), journal.LineInput("3100", credit=Decimal(1))])
    messages += [p.message_bn for p in journal.entry_problems(nan)]
    assert len(messages) >= 7
    assert [m for m in messages if _latin_words(m)] == []
    assert [m for m in messages[-3:] if re.search("[0-9]", m)] == [], "amounts and line numbers in Bangla digits"


def test_every_not_found_names_its_object_in_bangla():
    from vextrus.platform.errors import OBJECT_BN, NotFound

    src = Path(str(resources.files("vextrus")))
    named = {m.group(1) for path in src.rglob("*.py")
             for m in re.finditer(r"""NotFound\(\s*["']([^"']+)["']""", path.read_text("utf-8"))}
    assert len(named) > 10
    assert sorted(w for w in named if w.lower() not in OBJECT_BN) == []
    message = NotFound("journal entry", "JV-0001").message_bn
    assert "journal" not in message and "JV-0001" in message


def test_dates_and_counts_in_the_bangla_locale():
    from datetime import date, datetime
    from decimal import Decimal

    assert i18n.format_date(date(2025, 7, 1), "bn") == "১ জুল ২০২৫"
    assert i18n.format_date(date(2025, 7, 1), "en") == "1 Jul 2025"
    assert i18n.format_date(datetime(2026, 1, 4, 8, 5), "bn", "d MMM y HH:mm") == "৪ জানু ২০২৬ ০৮:০৫"
    assert i18n.format_date(None, "bn") == ""
    assert i18n.format_count(287, "bn") == "২৮৭"
    assert i18n.format_count(1234567, "en") == "12,34,567"
    assert i18n.format_count(Decimal("1116.40"), "bn") == "১,১১৬.৪"
