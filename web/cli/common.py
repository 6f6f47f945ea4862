"""What the commands share: the settings (read from the environment once per command), the engine and the
message bus made from them, bringing the database up to date, and a clear exit when the database cannot be
reached."""

import functools
from collections.abc import Callable
from pathlib import Path

import click
import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from storage import migrate
from storage.demo import ADMIN, COORDINATOR, PASSWORD, REGIOMANAGERS
from storage.engine import make_engine
from storage.geo import ensure_geography
from storage.messagebus import MessageBus
from web.bootstrap import bootstrap
from web.config import Settings

DATABASE_ERRORS = (OperationalError, InterfaceError)


def pass_settings(command: Callable) -> Callable:
    """Hand the command its settings: read from the environment when the command runs, kept on the root context
    (where KringGroup finds them to name the database)."""

    @functools.wraps(command)
    def with_settings(*args, **kwargs):
        return command(click.get_current_context().find_root().ensure_object(Settings), *args, **kwargs)

    return with_settings


class DatabaseUnreachable(click.ClickException):
    """The database cannot be reached: a Dutch message and exit code 1, no traceback."""

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.message}", err=True)


class KringGroup(click.Group):
    """The `kring` group: any command that meets an unreachable database ends with DatabaseUnreachable."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DATABASE_ERRORS as problem:
            raise DatabaseUnreachable(unreachable_message(ctx.find_object(Settings), problem)) from None
        except (ArgumentError, NoSuchModuleError) as problem:  # a URL SQLAlchemy cannot read, or no such driver
            raise DatabaseUnreachable(f"KRING_DATABASE_URL is geen bruikbaar database-adres: {problem}") from None


def unreachable_message(settings: Settings | None, problem: Exception) -> str:
    """What to tell the operator: which database, what to check, and the driver's own words."""
    where = f" ({safe_url(settings)})" if settings is not None else ""
    reason = str(getattr(problem, "orig", None) or problem).strip().splitlines()[0]
    return (
        f"de database is nu niet bereikbaar{where}. Controleer KRING_DATABASE_URL en of de database draait.\n"
        f"Melding van de database: {reason}"
    )


def engine_of(settings: Settings) -> sa.Engine:
    """The engine of the configured database, after one connection that shows it can be reached."""
    engine = make_engine(settings.database_url)
    with engine.connect():
        pass  # a long-running command (the scheduler) must stop now, not log a failure every minute
    return engine


def bus_of(settings: Settings) -> MessageBus:
    """The event handlers, as the app has them (the secret key as the app finds it: ./instance)."""
    return bootstrap(settings.with_secret_key(Path.cwd() / "instance"))


def upgrade_database(settings: Settings) -> None:
    """Apply every migration and load the provinces and municipalities."""
    migrate.upgrade(settings.database_url)
    with Session(engine_of(settings)) as session:
        ensure_geography(session)


def print_accounts() -> None:
    """How to log in to the demo."""
    click.echo(f"Inloggen met wachtwoord '{PASSWORD}':")
    click.echo(f"  bureau (beheer):   {ADMIN}")
    for email, (_name, region) in REGIOMANAGERS.items():
        click.echo(f"  regiomanager {region}: {email}")
    click.echo(f"  coördinator:       {COORDINATOR} (en coordinator01..20@kring.demo)")


def safe_url(settings: Settings) -> str:
    """The database URL without its user and password."""
    url = settings.database_url
    return url.split("@")[-1] if "@" in url else url
