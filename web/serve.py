"""Serving the app: `kring serve` (werkzeug, threaded, no reloader or debugger) and `kring up` (database,
demo data and serving in one go)."""

from collections.abc import Callable

import click
from flask import Flask
from werkzeug.serving import run_simple

from notifications.scheduler import build_scheduler
from web.app import create_app

Runner = Callable[..., None]


def build_app() -> Flask:
    """The app as served: settings from the environment (KRING_DATABASE_URL, KRING_SECRET_KEY, ...)."""
    return create_app()


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
        scheduler = build_scheduler(app.extensions["kring.engine"], app.extensions["kring.clock"])
        scheduler.start()
    click.echo(f"Kring luistert op {address(host, port)} (stoppen met Ctrl+C)")
    try:
        (runner or run_simple)(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def up(port: int = 5000, runner: Runner | None = None) -> None:
    """Bring the database up to date, load the demo data once, say how to log in, and serve."""
    from storage.demo import ADMIN, PASSWORD, load_demo
    from storage.engine import make_engine
    from web.cli import print_accounts, upgrade_database
    from workflow.clock import SystemClock

    upgrade_database()
    created = load_demo(make_engine(), SystemClock().now())
    click.echo(f"Demo: {created['users']} gebruikers en {created['cases']} zaken aangemaakt.")
    print_accounts()
    click.echo(f"Kring draait op {address('127.0.0.1', port)} — log in met {ADMIN} en wachtwoord '{PASSWORD}'")
    serve("127.0.0.1", port, runner=runner)


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
