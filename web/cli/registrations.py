"""`kring registrations export|import|tallies`: anonymous registrations as JSON Lines (registration-v1), and
their report tallies."""

import sys

import click
from sqlmodel import Session

from storage.registrations import dump_line, export_year, import_lines
from storage.report_tallies import refresh
from storage.uow import SqlUnitOfWork
from web.cli.common import bus_of, engine_of, pass_settings
from web.config import Settings
from workflow.clock import SystemClock
from workflow.registration import validate_registration


@click.group("registrations")
def registrations() -> None:
    """Anonymous registrations in the exchange format registration-v1 (JSON Lines)."""


@registrations.command("export")
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="Year of the closing date.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@pass_settings
def export(settings: Settings, year: int, output: str | None) -> None:
    """Write the registrations of a year: closed cases and imported historic records, one per line."""
    with Session(engine_of(settings)) as session:
        records = export_year(session, year)
    text = "".join(dump_line(r) + "\n" for r in records)
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    incomplete = [r["ref"] for r in records if validate_registration(r)]
    if incomplete:
        click.echo(f"Let op: {len(incomplete)} registraties zijn onvolledig: {', '.join(incomplete[:20])}", err=True)
    click.echo(f"{len(records)} registraties over {year} geschreven.", err=True)


@registrations.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--skip-errors", is_flag=True, help="Import the good lines even when some lines are bad.")
@pass_settings
def import_(settings: Settings, file, skip_errors: bool) -> None:
    """Read a JSON Lines file; every bad line is reported, and nothing is stored if any is bad."""
    with SqlUnitOfWork(engine_of(settings), SystemClock(), bus_of(settings)) as uow:
        report = import_lines(uow, file, skip_errors=skip_errors)
        for error in report.errors:
            click.echo(f"regel {error.line}: {error.field or '(regel)'}: {error.message}", err=True)
        if report.errors and not skip_errors:
            raise click.ClickException(  # leaving the unit of work without commit stores nothing
                f"{len(report.errors)} fouten op {report.skipped_lines} regels; "
                "niets ingelezen (gebruik --skip-errors om de goede regels wel in te lezen)."
            )
        uow.commit()
    click.echo(
        f"Ingelezen: {report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd"
        + (f", {report.skipped_lines} regels overgeslagen." if report.skipped_lines else ".")
    )


@registrations.command("tallies")
@pass_settings
def tallies(settings: Settings) -> None:
    """Store the report tally of every registration that lacks a current one (the report is right without,
    only slower: run this after an upgrade that changed how registrations are counted)."""
    with Session(engine_of(settings)) as session:
        written = refresh(session)
        session.commit()
    click.echo(f"{written} registraties opnieuw geteld.")
