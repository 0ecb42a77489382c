"""The `vextrus` commands (typer): serve, demo, migrate, check, schema, worker, and module commands.
`vextrus.cli.main` is the entry point; it answers `vextrus version` before importing this."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from vextrus import __version__
from vextrus.companies_cli import app as companies_app
from vextrus.dev_cli import dev_app
from vextrus.platform.errors import ConfigurationError

if TYPE_CHECKING:
    from fastapi import FastAPI

app = typer.Typer(help="Vextrus ERP", no_args_is_help=True, pretty_exceptions_enable=False)
schema_app = typer.Typer(help="GraphQL schema tools", no_args_is_help=True)
db_app = typer.Typer(help="Database tools for developers", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(db_app, name="db")
jobs_app = typer.Typer(help="Scheduled jobs", no_args_is_help=True)
app.add_typer(jobs_app, name="jobs")
app.add_typer(companies_app, name="companies")
app.add_typer(dev_app, name="dev")
console = Console(soft_wrap=True)  # never break a printed password or URL across lines
err = Console(stderr=True, soft_wrap=True)  # an error line names a path: never broken at the terminal width


def _settings(**overrides: object):  # noqa: ANN202
    from vextrus.platform.settings import load_settings

    return load_settings(**{k: v for k, v in overrides.items() if v is not None})


def _start(settings, consume: bool = True, migrate: bool = False):  # noqa: ANN001, ANN202
    from vextrus.platform import bootstrap, runtime

    rt = runtime.start(settings, consume=consume)
    bootstrap.prepare_database(force=migrate)
    return rt


@app.command()
def version() -> None:
    """Print the version."""
    console.print(f"vextrus {__version__}")


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default 127.0.0.1)"),
    port: int | None = typer.Option(None, help="Port (default 8000)"),
    demo: bool = typer.Option(False, "--demo", help="Also load the demo construction company"),
    modules: str | None = typer.Option(None, help="Comma-separated modules to serve (default all)"),
    workers: int | None = typer.Option(None, min=1, max=64,
                                       help="Server processes on the one port (default VEXTRUS_WORKERS, else one per core)"),
) -> None:
    """Run Vextrus: every enabled module, the UI, GraphQL and REST."""
    import uvicorn

    from vextrus.app import create_app
    from vextrus.platform import bootstrap, runtime

    workers = workers if isinstance(workers, int) else None  # called as a function: typer's default object
    settings = _settings(host=host, port=port, modules=modules, workers=workers)
    processes = settings.resolved_workers()
    _start(settings, consume=processes == 1)  # several workers: each consumes the bus itself, not this one
    for line in bootstrap.first_run():
        console.print(line)
    if demo:
        tenant, created, lines = bootstrap.load_demo()
        console.print(f"Demo company: {tenant.name} ({'loaded' if created else 'already there'})")
        for line in lines:
            console.print(line, highlight=False)
    rt = runtime.current()
    url = settings.base_url or f"http://{settings.host}:{settings.port}"
    database = settings.database_url.split(':')[0]
    if processes > 1:  # the supervisor forks the workers (vextrus.workers); jobs run in worker 0
        from vextrus.workers import supervise

        prepared = create_app(settings, start_runtime=False, relay_poll=False)
        console.print(f"[bold green]Vextrus {__version__}[/] on {url}  (database: {database}, {processes} workers)")
        raise typer.Exit(supervise(settings, processes, prepared))
    if settings.jobs_url.startswith("sqlite://") and settings.bus_url.startswith("memory://"):
        rt.jobs.start_consumer()  # embedded: scheduled jobs run inside this process; scaled out, in `worker`
    application = create_app(settings, start_runtime=False)
    console.print(f"[bold green]Vextrus {__version__}[/] on {url}  (database: {database})")
    _ready_to_serve(application)
    uvicorn.run(application, host=settings.host, port=settings.port, log_level="warning")


def _ready_to_serve(application: FastAPI) -> None:
    """Work that would otherwise stall the event loop under the first requests (docs/security.md):
    FastAPI builds the routes of included routers and the OpenAPI document lazily, on the loop (0.2-1 s);
    and what start-up made (modules, schema, routes) is frozen out of the cyclic GC, whose full passes
    hold the GIL (100-200 ms stalls while a worker thread imports; tests/platform/test_event_loop.py)."""
    import gc

    application.openapi()  # builds every included router's routes too
    gc.collect()
    gc.freeze()


@app.command()
def demo(
    host: str | None = typer.Option(None), port: int | None = typer.Option(None),
) -> None:
    """Same as `serve --demo`."""
    serve(host=host, port=port, demo=True, modules=None, workers=None)


@app.command()
def migrate() -> None:
    """Create or upgrade the database to the newest version of every module."""
    from sqlalchemy import func, select

    from vextrus.companies_cli import NO_COMPANY_YET
    from vextrus.platform import context
    from vextrus.platform.tables import Tenant

    rt = _start(_settings(), consume=False, migrate=True)
    console.print(f"database is up to date ({len(rt.registry.modules)} modules)")
    with context.acting_as(context.system_context()), rt.session_factory() as s:
        if not s.execute(select(func.count()).select_from(Tenant)).scalar():
            console.print(NO_COMPANY_YET, highlight=False, markup=False)


@app.command()
def check() -> None:
    """Check settings, database, bus and every module; exit 1 if anything fails."""
    from vextrus.platform.http import readiness

    _start(_settings(), consume=False)
    checks = readiness()
    failing = False
    for name, c in checks.items():
        ok = c["status"] == "ok"
        failing |= not ok
        console.print(f"{'[green]ok[/]' if ok else '[red]FAIL[/]'}  {name}{'' if ok else ': ' + c.get('error', '')}")
    raise typer.Exit(1 if failing else 0)


@app.command()
def worker(periodic: bool = typer.Option(True, help="Also schedule periodic jobs (run exactly one such worker)"),
           ) -> None:
    """Run background work: the outbox relay, event handlers on the bus, queued and scheduled jobs."""
    import signal
    import threading

    settings = _settings()
    rt = _start(settings)
    rt.relay.synchronous = False
    rt.relay.start_background(interval=0.5)
    rt.jobs.start_consumer(periodic=periodic)
    console.print(f"worker started: {len(rt.subscriptions)} handlers on {settings.bus_url}, "
                  f"{len(rt.jobs.jobs)} scheduled jobs")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    rt.close()


@schema_app.command("print")
def schema_print(module: str | None = typer.Option(None, help="Print one module's subgraph SDL")) -> None:
    """Print the combined GraphQL schema, or one module's federation subgraph."""
    from vextrus.gateway import combined_schema, subgraph_sdls

    if module is None:
        sys.stdout.write(combined_schema().as_str() + "\n")
        return
    sdls = subgraph_sdls()
    if module not in sdls:
        raise ConfigurationError(f"module {module!r} has no GraphQL subgraph (have: {', '.join(sorted(sdls))})")
    sys.stdout.write(sdls[module])


@schema_app.command("export")
def schema_export(out: Path = typer.Option(Path("gateway/subgraphs"), help="Folder for <module>.graphql files")) -> None:
    """Write each module's subgraph SDL to a file (input for the federation composition check)."""
    from vextrus.gateway import export_subgraphs

    for path in export_subgraphs(out):
        console.print(f"wrote {path}")


@db_app.command("revision")
def db_revision(module: str = typer.Option(..., help="Module whose tables changed"),
                message: str = typer.Option(..., "-m", help="What changed")) -> None:
    """Autogenerate a migration on the module's branch (compare against a PostgreSQL database)."""
    from vextrus.platform import migrations

    rt = _start(_settings(), consume=False)
    migrations.revision(rt.engine, module, message)


@jobs_app.command("list")
def jobs_list() -> None:
    """List the scheduled jobs the modules declare (times are Asia/Dhaka)."""
    rt = _start(_settings(), consume=False)
    for job in rt.jobs.jobs.values():
        when = f"{'*' if job.hour is None else f'{job.hour:02d}'}:{'*' if job.minute is None else f'{job.minute:02d}'}"
        console.print(f"{job.name:40} {when:>6}  {job.description}")


@jobs_app.command("run")
def jobs_run(name: str) -> None:
    """Run one job now, for every tenant."""
    rt = _start(_settings(), consume=False)
    if name not in rt.jobs.jobs:
        raise ConfigurationError(f"no job named {name!r} (have: {', '.join(sorted(rt.jobs.jobs)) or 'none'})")
    console.print(f"{name}: ran for {rt.jobs.run_now(name)} tenants")


BUILT_IN = frozenset({"version", "serve", "demo", "migrate", "check", "worker", "schema", "db", "jobs", "companies",
                      "dev"})


def _module_commands() -> dict[str, tuple[str, str]] | None:
    """{command name: (cli target "pkg.cli:app", title)} read from the modules' manifests as source
    text (ast), importing nothing: importing a module package can pull in the whole platform. None
    when a manifest is not plain enough to read that way (then every manifest is imported)."""
    import ast

    import vextrus.modules

    found: dict[str, tuple[str, str]] = {}
    for folder in sorted(Path(next(iter(vextrus.modules.__path__))).iterdir()):
        init = folder / "__init__.py"
        if not init.is_file():
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        consts: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name, value = node.targets[0].id, node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    consts[name] = value.value
                elif name == "MODULE" and isinstance(value, ast.Call):
                    kw = {k.arg: _text(k.value, consts) for k in value.keywords if k.arg}
                    if any(k.arg is None for k in value.keywords) or "name" not in kw:
                        return None
                    if "cli" in kw:
                        if not kw["cli"] or not kw["name"]:
                            return None
                        found[kw.get("cli_name") or kw["name"]] = (kw["cli"], kw.get("title") or kw["name"])
    return found


def _text(node: object, consts: dict[str, str]) -> str | None:
    """A manifest value that is a string, or an f-string of the file's string constants; else None."""
    import ast

    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id in consts \
                    and v.conversion == -1 and v.format_spec is None:
                parts.append(consts[v.value.id])
            else:
                return None
        return "".join(parts)
    return None


def _mount_module_commands(argv: list[str]) -> None:
    """Modules contribute their own command groups (e.g. `vextrus ledger ...`). Only the group being
    run is imported; --help lists every group from the manifests' source without importing them, and
    a built-in command imports none, so one broken module cannot break other commands."""
    wanted = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else None
    if wanted in BUILT_IN:
        return
    index = _module_commands()
    if index is not None and (wanted is None or wanted in index):
        import importlib

        for name, (target, title) in index.items():
            if wanted is None:  # the help page: a stub per group, named and described
                app.add_typer(typer.Typer(help=f"{title} commands"), name=name)
                continue
            if name == wanted:
                mod_name, _, attr = target.partition(":")
                app.add_typer(getattr(importlib.import_module(mod_name), attr), name=name)
        return
    from vextrus.platform.modules import available_modules

    for m in available_modules().values():
        name = m.cli_name or m.name
        if not m.cli or (wanted is not None and wanted != name):
            continue
        try:
            app.add_typer(m.load(m.cli), name=name)
        except Exception as exc:
            if wanted == name:
                raise
            print(f"warning: commands of module {m.name} unavailable: {exc}", file=sys.stderr)


def main() -> None:
    try:
        _mount_module_commands(sys.argv)
        app()
    except ConfigurationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)

