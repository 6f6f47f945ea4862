"""`kring reminders run --now ISO` and `kring scheduler`."""

import datetime as dt

import click

from notifications.scheduler import build_scheduler, scan_once
from web.cli.common import engine_of, pass_settings
from web.config import Settings
from workflow.clock import FrozenClock, SystemClock


@click.group()
def reminders() -> None:
    """Reminders and notifications."""


@reminders.command("run")
@click.option("--now", "now_text", help="Scan as of this moment (ISO 8601, e.g. 2026-04-01T09:00+02:00).")
@pass_settings
def run(settings: Settings, now_text: str | None) -> None:
    """Run one reminder scan and say what it did."""
    clock = FrozenClock(_parse_moment(now_text)) if now_text else SystemClock()
    result = scan_once(engine_of(settings), clock, settings.mail(), settings.retention_period())
    click.echo(f"Herinneringen: {result.claimed} klaar, {result.sent} verstuurd, {result.failed} mislukt.")


@click.command()
@pass_settings
def scheduler(settings: Settings) -> None:
    """Run the reminder scan as its own process (for deployments with several web workers)."""
    click.echo("Herinneringen-planner draait; stoppen met Ctrl-C.")
    engine, mail, retention = engine_of(settings), settings.mail(), settings.retention_period()
    build_scheduler(engine, SystemClock(), mail, retention, blocking=True).start()


def _parse_moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("geen geldig moment; gebruik bijvoorbeeld 2026-04-01T09:00+02:00") from None
    if moment.tzinfo is None:
        raise click.BadParameter("geef een tijdzone mee, bijvoorbeeld +02:00 of Z")
    return moment
