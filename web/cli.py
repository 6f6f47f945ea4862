"""The `kring` command: database, users, demo data, the diagram, and serving the app."""

import datetime as dt
import getpass

import click
from sqlmodel import Session

from notifications.cli import reminders, scheduler
from storage import migrate
from storage.accounts import create_user, find_user, password_problem
from storage.demo import ADMIN, COORDINATOR, PASSWORD, REGIOMANAGERS, load_demo
from storage.engine import database_url, make_engine
from storage.geo import ensure_geography
from workflow.clock import SystemClock
from workflow.diagram import mermaid
from workflow.phases import Role


@click.group()
def main() -> None:
    """Kring: the case workflow of Eigen Kracht-conferenties."""


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration and load the provinces and municipalities."""
    upgrade_database()
    click.echo(f"Database bijgewerkt: {safe_url()}")


@main.group()
def user() -> None:
    """User accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--region", "regions", multiple=True, help="Region (province) served; repeat for more.")
@click.option("--password", help="Leave out to be asked (not echoed).")
def user_create(email: str, name: str, role: str, regions: tuple[str, ...], password: str | None) -> None:
    """Create a user with a role and the regions they serve."""
    password = password or getpass.getpass("Wachtwoord: ")
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    with Session(make_engine()) as session:
        if find_user(session, email):
            raise click.ClickException(f"Er is al een gebruiker met e-mailadres {email}.")
        try:
            create_user(
                session, email, name, Role(role), password=password, regions=list(regions), now=SystemClock().now()
            )
        except KeyError as unknown:
            raise click.ClickException(f"Onbekende regio: {unknown}") from None
        session.commit()
    click.echo(f"Gebruiker {email} ({role}) aangemaakt.")


@main.command()
def demo() -> None:
    """Create the demo users (password `demo`) and a dozen cases in every phase; safe to run twice."""
    upgrade_database()
    created = load_demo(make_engine(), SystemClock().now())
    click.echo(f"Demo: {created['users']} gebruikers en {created['cases']} zaken aangemaakt.")
    print_accounts()


@main.command()
def diagram() -> None:
    """Print the phase diagram (mermaid) generated from the phase table."""
    click.echo(mermaid())


def upgrade_database() -> None:
    migrate.upgrade()
    with Session(make_engine()) as session:
        ensure_geography(session)


def print_accounts() -> None:
    click.echo(f"Inloggen met wachtwoord '{PASSWORD}':")
    click.echo(f"  bureau (beheer):   {ADMIN}")
    for email, (_name, region) in REGIOMANAGERS.items():
        click.echo(f"  regiomanager {region}: {email}")
    click.echo(f"  coördinator:       {COORDINATOR} (en coordinator01..20@kring.demo)")


def safe_url() -> str:
    url = database_url()
    return url.split("@")[-1] if "@" in url else url


def today() -> dt.date:
    return SystemClock().now().date()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-scheduler", is_flag=True, help="Leave the reminder scan to `kring scheduler`.")
def serve(host: str, port: int, no_scheduler: bool) -> None:
    """Serve the app (threaded, no reloader, no debugger) with the reminder scan in-process."""
    from web import serve as serving

    serving.serve(host, port, with_scheduler=not no_scheduler)


@main.command()
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
def up(port: int) -> None:
    """Database up to date, demo data, and serve on 127.0.0.1: the quickest way to try Kring."""
    from web import serve as serving

    serving.up(port)


@main.group()
def token() -> None:
    """API tokens (Authorization: Bearer …)."""


@token.command("create")
@click.option("--email", required=True)
@click.option("--name", default="", help="What the token is for (shown in lists).")
def token_create(email: str, name: str) -> None:
    """Create an API token for a user and print it once; only its hash is stored."""
    from storage.tokens import create_token

    with Session(make_engine()) as session:
        found = find_user(session, email)
        if found is None or not found.active:
            raise click.ClickException(f"Geen actieve gebruiker met e-mailadres {email}.")
        secret = create_token(session, found, SystemClock().now(), name)
        who = f"{found.email} ({found.role})"
        session.commit()
    click.echo(secret)
    click.echo(f"Token voor {who} aangemaakt; het wordt niet nog eens getoond.", err=True)


main.add_command(reminders)
main.add_command(scheduler)
from storage.registrations_cli import registrations  # noqa: E402

main.add_command(registrations)

from web.reports.cli import report  # noqa: E402

main.add_command(report)

from storage.inzage_cli import inzage  # noqa: E402

main.add_command(inzage)
