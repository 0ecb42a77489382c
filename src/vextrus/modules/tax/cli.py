"""`vextrus tax ...`: the calculators with their arithmetic shown (or JSON with --format json).

    vextrus tax vat --code S004.00 --amount 1000000 --date 2025-08-01 [--inclusive] --format json
    vextrus tax withholding --section 89 --base 6000000 --date 2025-08-01 [--no-tin] --format json
    vextrus tax vds --code S004.00 --invoice-total 345000 --vat 45000 --date 2025-08-01 --format json
    vextrus tax codes [--date 2025-08-01]

Pure computations over the shipped rate table: no database and no tenant are needed. Bad input exits
with code 2 and a message naming the option."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

import typer
from pydantic import BaseModel

app = typer.Typer(help="Tax calculators: VAT, VAT deducted at source (VDS), income tax withheld at source",
                  no_args_is_help=True)

_OPTION = {"code": "--code", "amount": "--amount", "date": "--date", "section": "--section", "base": "--base",
           "invoice_total": "--invoice-total", "vat": "--vat", "format": "--format"}
FORMAT = typer.Option("text", "--format", help="text (the arithmetic) or json")
DATE = typer.Option(..., "--date", help="Day the rate applies (YYYY-MM-DD)")


def _fail(field: str | None, message: str) -> NoReturn:
    name = _OPTION.get(field or "", field)
    typer.echo(f"error: option {name}: {message}" if name else f"error: {message}", err=True)
    raise typer.Exit(2)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        _fail("date", f"'{text}' is not a date (write it as YYYY-MM-DD, e.g. 2025-08-01)")


def _run(fmt: str, compute: Callable[[], BaseModel], text: Callable[[Any], list[str]]) -> None:
    from vextrus.platform.errors import DomainError

    if fmt not in ("text", "json"):
        _fail("format", f"'{fmt}' is not a format (text or json)")
    try:
        result = compute()
    except DomainError as exc:
        _fail(exc.field, exc.message)
    if fmt == "json":
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(text(result)))


def _m(d: Decimal) -> str:
    return f"{d:,.2f}"


def _p(d: Decimal) -> str:
    return f"{d.normalize():f}"


@app.command()
def vat(code: str = typer.Option(..., "--code", help="VAT code (e.g. S004.00, VAT15; `vextrus tax codes`)"),
        amount: str = typer.Option(..., "--amount", help="Amount in taka (net, or gross with --inclusive)"),
        on: str = DATE,
        inclusive: bool = typer.Option(False, "--inclusive", help="The amount already includes VAT"),
        fmt: str = FORMAT) -> None:
    """VAT on an amount at the code's rate on the day: net, VAT and gross."""
    from . import api

    def text(r: Any) -> list[str]:
        head = f"VAT {r.code} ({r.kind}) on {on}: {_p(r.rate)} %"
        if r.inclusive:
            lines = [head, f"  gross  {_m(r.gross)} (VAT included)",
                     f"  VAT    = gross × {_p(r.rate)} / (100 + {_p(r.rate)}) = {_m(r.vat)} (half-up to the poisha)",
                     f"  net    = gross - VAT = {_m(r.gross)} - {_m(r.vat)} = {_m(r.net)}"]
        else:
            lines = [head, f"  net    {_m(r.net)}",
                     f"  VAT    = net × {_p(r.rate)} / 100 = {_m(r.vat)} (half-up to the poisha)",
                     f"  gross  = net + VAT = {_m(r.net)} + {_m(r.vat)} = {_m(r.gross)}"]
        return [*lines, f"source: {r.source} (confidence: {r.confidence})"]

    day = _day(on)
    _run(fmt, lambda: api.vat_for(code, amount, day, inclusive), text)  # type: ignore[arg-type]


@app.command()
def withholding(section: str = typer.Option(..., "--section", help="Income Tax Act 2023 section (89, 90.advisory, "
                                            "90.professional, 90.manpower, 90.transport, 109)"),
                base: str = typer.Option(..., "--base", help="Base amount in taka, excluding VAT"),
                on: str = DATE,
                no_tin: bool = typer.Option(False, "--no-tin", help="The payee shows no TIN / return proof"),
                fmt: str = FORMAT) -> None:
    """Income tax withheld at source: the band used, the rate and the amount."""
    from . import api

    def text(r: Any) -> list[str]:
        lines = [f"withholding s.{r.section} ({r.name}) on {on}"]
        for b in r.bands:
            upper = f"up to {_m(b.upper)}" if b.upper is not None else "with no upper limit"
            lines.append(f"  band   base {_m(r.base)} is above {_m(b.lower)} {upper}: {_p(b.rate)} % on the whole base")
            if r.higher_rate_applied:
                lines.append(f"  no TIN / return proof: higher rate {_p(b.applied_rate)} %")
        if r.below_threshold:
            lines.append(f"  base {_m(r.base)} is at or below the threshold {_m(r.threshold)}: nothing withheld")
        else:
            lines.append(f"  amount = {_m(r.base)} × {_p(r.rate)} / 100 = {_m(r.amount)} (half-up to the poisha)")
        return [*lines, f"source: {r.source} (confidence: {r.confidence})"]

    day = _day(on)
    _run(fmt, lambda: api.withholding_for(section, base, day, has_tin=not no_tin), text)  # type: ignore[arg-type]


@app.command()
def vds(code: str = typer.Option(..., "--code", help="The invoice's VAT code"),
        invoice_total: str = typer.Option(..., "--invoice-total", help="Invoice total in taka, VAT included"),
        vat_shown: str = typer.Option("0", "--vat", help="VAT shown on the invoice (Mushak-6.3); 0 if none"),
        on: str = DATE,
        withholding_entity: bool = typer.Option(True, "--withholding-entity/--not-withholding-entity",
                                                help="Whether the paying company is a withholding entity"),
        fmt: str = FORMAT) -> None:
    """VAT deducted at source when paying an invoice, and what is paid to the supplier."""
    from . import api

    def text(r: Any) -> list[str]:
        why = {"invoice_vat": "the VAT shown on the invoice (Mushak-6.3)",
               "rate": f"total × {_p(r.rate)} / (100 + {_p(r.rate)}), no VAT shown on the invoice",
               "not_withholding_entity": "the payer is not a withholding entity: nothing deducted",
               "not_applicable": f"{r.code} carries no VAT: nothing deducted"}[r.basis]
        lines = [f"VDS {r.code} at {_p(r.rate)} % on {on}",
                 f"  invoice total {_m(r.invoice_total)}, VAT shown {_m(r.invoice_vat)}, "
                 f"VAT at the code's rate {_m(r.expected_vat)}",
                 f"  VDS    = {_m(r.amount)}: {why}",
                 f"  paid to the supplier = {_m(r.invoice_total)} - {_m(r.amount)} = {_m(r.payable_to_supplier)} "
                 "(before income-tax withholding)"]
        if r.warning:
            lines.append(f"  warning: {r.warning}")
        return [*lines, f"source: {r.source}"]

    day = _day(on)
    _run(fmt, lambda: api.vds_for(code, invoice_total, vat_shown, day,  # type: ignore[arg-type]
                                  withholding_entity=withholding_entity), text)


@app.command()
def codes(on: str = typer.Option("", "--date", help="Day (YYYY-MM-DD; default today)"), fmt: str = FORMAT) -> None:
    """The VAT codes in force on a day."""
    from vextrus.platform import clock

    from . import api

    day = _day(on) if on else clock.today()

    class _Codes(BaseModel):
        codes: list[api.VatCodeView]

    _run(fmt, lambda: _Codes(codes=api.vat_codes(day)),
         lambda r: [f"{c.code:10} {_p(c.rate):>5} %  {c.kind:11} {c.name}" for c in r.codes])
