"""`kring db upgrade`, `kring user create`, `kring token create/list/revoke`, `kring demo` and `kring diagram`."""

import getpass

import click
from sqlmodel import Session

from storage.accounts import create_user, find_user, password_problem
from storage.demo import load_demo
from storage.tokens import (
    DEFAULT_DAYS,
    create_token,
    days_problem,
    name_problem,
    revoke_token,
    revoke_tokens,
    state_of,
    tokens_of,
)
from web.admin.forms import USER_EMAIL, USER_NAME
from web.cli.common import bus_of, engine_of, pass_settings, print_accounts, safe_url, upgrade_database
from web.config import Settings
from workflow.clock import SystemClock
from workflow.diagram import mermaid
from workflow.errors import InvalidInput
from workflow.fields import parse_one
from workflow.phases import Role


@click.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@pass_settings
def db_upgrade(settings: Settings) -> None:
    """Apply every migration and load the provinces and municipalities."""
    upgrade_database(settings)
    click.echo(f"Database bijgewerkt: {safe_url(settings)}")


@click.group()
def user() -> None:
    """User accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--region", "regions", multiple=True, help="Region (province) served; repeat for more.")
@click.option("--password", help="Leave out to be asked (not echoed).")
@pass_settings
def user_create(
    settings: Settings, email: str, name: str, role: str, regions: tuple[str, ...], password: str | None
) -> None:
    """Create a user with a role and the regions they serve."""
    try:  # the same checks as the admin's form
        email, name = parse_one(USER_EMAIL, email), parse_one(USER_NAME, name)
    except InvalidInput as wrong:
        raise click.ClickException("; ".join(wrong.errors.values())) from None
    password = password or getpass.getpass("Wachtwoord: ")
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    with Session(engine_of(settings)) as session:
        if find_user(session, email):
            raise click.ClickException(f"Er is al een gebruiker met e-mailadres {email}.")
        try:
            create_user(
                session,
                email,
                name,
                Role(role),
                password=password,
                regions=list(regions),
                now=SystemClock().now(),
                password_method=settings.password_method,
            )
        except KeyError as unknown:
            raise click.ClickException(f"Onbekende regio: {unknown}") from None
        session.commit()
    click.echo(f"Gebruiker {email} ({role}) aangemaakt.")


@click.command()
@pass_settings
def demo(settings: Settings) -> None:
    """Create the demo users (password `demo`) and a dozen cases in every phase; safe to run twice."""
    load_demo_data(settings)
    print_accounts()


def load_demo_data(settings: Settings) -> None:
    """Bring the database up to date and load the demo data once, saying what was created."""
    upgrade_database(settings)
    created = load_demo(engine_of(settings), SystemClock().now(), bus_of(settings), settings.password_method)
    click.echo(f"Demo: {created['users']} gebruikers en {created['cases']} zaken aangemaakt.")


@click.command()
def diagram() -> None:
    """Print the phase diagram (mermaid) generated from the phase table."""
    click.echo(mermaid())


@click.group()
def token() -> None:
    """API tokens (Authorization: Bearer …)."""


@token.command("create")
@click.option("--email", required=True)
@click.option("--name", default="", help="What the token is for (shown in lists).")
@click.option("--days", default=DEFAULT_DAYS, show_default=True, help="Days until the token expires.")
@pass_settings
def token_create(settings: Settings, email: str, name: str, days: int) -> None:
    """Create an API token for a user and print it once; only its hash is stored."""
    problem = name_problem(name) or days_problem(days)
    if problem:
        raise click.ClickException(problem)
    with Session(engine_of(settings)) as session:
        found = _active_user(session, email)
        secret = create_token(session, found, SystemClock().now(), name, days)
        who = f"{found.email} ({found.role})"
        session.commit()
    click.echo(secret)
    click.echo(f"Token voor {who} aangemaakt, {days} dagen geldig; het wordt niet nog eens getoond.", err=True)


@token.command("list")
@click.option("--email", required=True)
@pass_settings
def token_list(settings: Settings, email: str) -> None:
    """List a user's tokens: id, state, name, created, expires and last used (never the token itself)."""
    now = SystemClock().now()
    with Session(engine_of(settings)) as session:
        found = find_user(session, email)
        if found is None:
            raise click.ClickException(f"Geen gebruiker met e-mailadres {email}.")
        rows = tokens_of(session, found.id)
    if not rows:
        click.echo(f"{found.email} heeft geen API-tokens.")
    for row in rows:
        used = _when(row.last_used_at) if row.last_used_at else "nooit gebruikt"
        click.echo(
            f"{row.id}\t{state_of(row, now)}\t{row.name or '(zonder naam)'}\taangemaakt {_when(row.created_at)}"
            f"\tverloopt {_when(row.expires_at)}\t{used}"
        )


@token.command("revoke")
@click.argument("token_id", type=int, required=False)
@click.option("--email", help="Revoke every token of this user instead of one.")
@pass_settings
def token_revoke(settings: Settings, token_id: int | None, email: str | None) -> None:
    """Revoke one token by its id (see `kring token list`), or every token of a user with --email."""
    if (token_id is None) == (email is None):
        raise click.ClickException("Geef een token-id of --email, niet allebei.")
    now = SystemClock().now()
    with Session(engine_of(settings)) as session:
        if email is not None:
            found = find_user(session, email)
            if found is None:
                raise click.ClickException(f"Geen gebruiker met e-mailadres {email}.")
            count = revoke_tokens(session, found, now)
            message = f"{count} token(s) van {found.email} ingetrokken."
        else:
            if revoke_token(session, token_id, now) is None:
                raise click.ClickException(f"Er is geen token met id {token_id}.")
            message = f"Token {token_id} is ingetrokken."
        session.commit()
    click.echo(message)


def _active_user(session: Session, email: str):
    found = find_user(session, email)
    if found is None or not found.active:
        raise click.ClickException(f"Geen actieve gebruiker met e-mailadres {email}.")
    return found


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
