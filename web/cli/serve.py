"""Serving the app: `kring serve` (werkzeug, threaded, no reloader or debugger) and `kring up` (database,
demo data and serving in one go)."""

from collections.abc import Callable

import click
from flask import Flask
from werkzeug.serving import run_simple

from notifications.scheduler import build_scheduler
from storage.demo import ADMIN, PASSWORD
from web.app import create_app
from web.cli.common import pass_settings, print_accounts
from web.cli.setup import load_demo_data
from web.config import Settings

Runner = Callable[..., None]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-scheduler", is_flag=True, help="Leave the reminder scan to `kring scheduler`.")
def serve_command(host: str, port: int, no_scheduler: bool) -> None:
    """Serve the app (threaded, no reloader, no debugger) with the reminder scan in-process."""
    serve(host, port, with_scheduler=not no_scheduler)


@click.command("up")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@pass_settings
def up_command(settings: Settings, port: int) -> None:
    """Database up to date, demo data, and serve on 127.0.0.1: the quickest way to try Kring."""
    up(port, settings=settings)


def build_app(settings: Settings | None = None) -> Flask:
    """The app as served: settings from the environment (KRING_DATABASE_URL, KRING_SECRET_KEY, ...)."""
    return create_app(settings=settings)


def serve(
    host: str = "127.0.0.1",
    port: int = 5000,
    app: Flask | None = None,
    runner: Runner | None = None,
    with_scheduler: bool = True,
) -> None:
    """Serve until interrupted, with the reminder scan in-process (the single-machine default; with several
    web workers run `kring scheduler` once instead and serve with `--no-scheduler`). `runner` defaults to
    werkzeug's run_simple; tests pass one that returns at once."""
    app = app or build_app()
    scheduler = None
    if with_scheduler:
        settings: Settings = app.extensions["kring.settings"]
        engine, clock = app.extensions["kring.engine"], app.extensions["kring.clock"]
        scheduler = build_scheduler(engine, clock, settings.mail(), settings.retention_period())
        scheduler.start()
    click.echo(f"Kring luistert op {address(host, port)} (stoppen met Ctrl+C)")
    try:
        (runner or run_simple)(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def up(port: int = 5000, runner: Runner | None = None, settings: Settings | None = None) -> None:
    """Bring the database up to date, load the demo data once, say how to log in, and serve."""
    settings = settings or Settings()
    load_demo_data(settings)
    print_accounts()
    click.echo(f"Kring draait op {address('127.0.0.1', port)} — log in met {ADMIN} en wachtwoord '{PASSWORD}'")
    serve("127.0.0.1", port, app=build_app(settings), runner=runner)


def address(host: str, port: int) -> str:
    """The URL to show for a host and port (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
