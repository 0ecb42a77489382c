"""`vextrus ledger ...`"""

import typer

app = typer.Typer(help="General ledger", no_args_is_help=True)
