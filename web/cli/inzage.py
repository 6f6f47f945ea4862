"""`kring inzage --naam …`: the inzageverzoek file (as /beheer/inzage makes it) on stdout or into a file."""

from pathlib import Path

import click
from sqlmodel import Session

from storage.inzage import dumps, person_export
from web.cli.common import engine_of, pass_settings
from web.config import Settings
from workflow.clock import SystemClock
from workflow.errors import InvalidInput


@click.command()
@click.option("--naam", required=True, help="The name to look for (3–120 characters; case and accents ignored).")
@click.option(
    "--uitvoer", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON file here instead of to stdout."
)
@pass_settings
def inzage(settings: Settings, naam: str, uitvoer: Path | None) -> None:
    """Everything stored about people of this name (main persons, network members, referrers), as JSON."""
    with Session(engine_of(settings)) as session:
        try:
            document = person_export(session, naam, SystemClock().now(), "kring inzage (commandoregel)")
        except InvalidInput as problem:
            raise click.ClickException(problem.errors["naam"]) from None
    text = dumps(document)
    if uitvoer is None:
        click.echo(text)
    else:
        uitvoer.write_text(text + "\n", encoding="utf-8")
    click.echo(
        f"Inzage: {len(document['personen'])} personen, {len(document['zaken'])} dossiers, "
        f"{len(document['vermeldingen'])} vermeldingen.",
        err=True,
    )
