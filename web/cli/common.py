"""What the commands share: the settings (read from the environment once per command), the engine and the
message bus made from them, and bringing the database up to date."""

from pathlib import Path

import click
import sqlalchemy as sa
from sqlmodel import Session

from storage import migrate
from storage.demo import ADMIN, COORDINATOR, PASSWORD, REGIOMANAGERS
from storage.engine import make_engine
from storage.geo import ensure_geography
from storage.messagebus import MessageBus
from web.bootstrap import bootstrap
from web.config import Settings

# The command's settings: read from the environment when the command runs, then handed to it.
pass_settings = click.make_pass_decorator(Settings, ensure=True)


def engine_of(settings: Settings) -> sa.Engine:
    """The engine of the configured database."""
    return make_engine(settings.database_url)


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
