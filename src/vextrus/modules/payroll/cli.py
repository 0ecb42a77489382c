"""`vextrus payroll tax FILE.json --tax-year 2025-26 [--format json]`: a year's income tax on salary with the
arithmetic shown (gross, exempt, taxable income, tax by slab, rebate, net tax).

FILE holds {"salary": {"basic": ..., "house_rent": ..., ...} (or "gross_salary": ...), "other_income": ...,
"investment": ..., "category": "general|woman|senior|disabled|third_gender|war_wounded_freedom_fighter",
"area": "dhaka_chattogram_city|other_city|other_area"}; amounts as numbers or strings of digits.
Pure: no database. Bad input exits with code 2 and a message naming the field."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import typer

app = typer.Typer(help="Payroll: income tax on salary (Income Tax Act 2023) with the arithmetic shown",
                  no_args_is_help=True)


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _amount(value: object, field: str) -> Decimal:
    from vextrus.platform.errors import DomainError
    from vextrus.platform.money import to_decimal

    if isinstance(value, float):  # JSON numbers arrive as floats: read their text exactly
        value = repr(value)
    try:
        return to_decimal(value, field)
    except DomainError as exc:
        _fail(f"{field}: {exc.message}")


def _m(d: Decimal) -> str:
    return f"{d:,.2f}"


@app.command("tax")
def tax(file: Path = typer.Argument(..., help="JSON file with the year's salary, other income and investment"),
        tax_year: str = typer.Option(..., "--tax-year", help="Tax year, e.g. 2025-26"),
        fmt: str = typer.Option("text", "--format", help="text (the arithmetic) or json")) -> None:
    from vextrus.platform.errors import DomainError

    from .domain import compute_tax

    if fmt not in ("text", "json"):
        _fail(f"option --format: '{fmt}' is not a format (text or json)")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(f"{file}: no such file")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"{file}: not a JSON file ({exc})")
    if not isinstance(data, dict):
        _fail(f"{file}: expected a JSON object with 'salary' or 'gross_salary'")
    salary = data.get("salary")
    if isinstance(salary, dict):
        parts = {k: _amount(v, f"salary.{k}") for k, v in salary.items()}
        gross = sum(parts.values(), Decimal(0))
    elif "gross_salary" in data:
        parts = {}
        gross = _amount(data["gross_salary"], "gross_salary")
    else:
        _fail(f"{file}: give 'salary' (an object of the year's components) or 'gross_salary'")
    try:
        result = compute_tax(gross, tax_year, other_income=_amount(data.get("other_income", 0), "other_income"),
                             investment=_amount(data.get("investment", 0), "investment"),
                             category=str(data.get("category", "general")),
                             area=str(data.get("area", "dhaka_chattogram_city")))
    except DomainError as exc:
        _fail(f"{'--tax-year' if exc.field == 'tax_year' else exc.field}: {exc.message}")
    if fmt == "json":
        out = result.as_dict()
        out["salary"] = {k: str(v) for k, v in parts.items()}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    lines = [f"Income tax, tax year {result.tax_year} ({result.category}), Income Tax Act 2023"]
    if parts:
        lines.append("  salary      " + " + ".join(f"{k} {_m(v)}" for k, v in parts.items()) + f" = {_m(gross)}")
    lines += [
        f"  gross salary                                   {_m(result.gross_salary)}",
        f"  exempt: lesser of 1/3 of salary or the cap     {_m(result.exempt)}",
        f"  taxable salary = {_m(result.gross_salary)} - {_m(result.exempt)} = {_m(result.taxable_salary)}",
        f"  other income                                   {_m(result.other_income)}",
        f"  taxable income                                 {_m(result.taxable_income)}",
    ]
    for s in result.slabs:
        lines.append(f"    {s.label:<16} {_m(s.amount):>16} x {s.rate * 100:>5.1f}% = {_m(s.tax)}")
    lines += [
        f"  gross tax (truncated to the taka)              {_m(result.gross_tax)}",
        f"  rebate: lowest of 3% x {_m(result.taxable_income)}, 15% x {_m(result.investment)}, 10,00,000"
        f" = {_m(result.rebate)}",
        f"  minimum tax for the area                       {_m(result.minimum_tax)}",
        f"  net tax = max({_m(result.gross_tax)} - {_m(result.rebate)}, minimum) = {_m(result.net_tax)}",
    ]
    typer.echo("\n".join(lines))


@app.command("tax-years")
def tax_years() -> None:
    """The tax years whose slabs are known."""
    from .domain import TAX_YEARS

    for label, y in TAX_YEARS.items():
        typer.echo(f"{label}: {y.source}")
