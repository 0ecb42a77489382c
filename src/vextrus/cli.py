"""The `vextrus` command. Start-up is kept short: `vextrus version` imports nothing else, and the
commands themselves (vextrus.cli_app, typer) are imported only when one runs; a module's commands
import only that module (cli_app._mount_module_commands)."""

from __future__ import annotations

import sys
from typing import Any

VERSION_ARGS = (["version"], ["--version"])


def main() -> None:
    if sys.argv[1:] in VERSION_ARGS:
        from vextrus import __version__

        sys.stdout.write(f"vextrus {__version__}\n")
        return
    from vextrus.cli_app import main as run

    run()


def __getattr__(name: str) -> Any:  # noqa: ANN401 - `from vextrus.cli import app`, `cli.serve(...)`
    from vextrus import cli_app

    return getattr(cli_app, name)


if __name__ == "__main__":
    main()
