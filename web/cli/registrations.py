"""`kring registrations export|import|tallies`: anonymous registrations as JSON Lines (registration-v1), and
their report tallies."""

import sys

import click
from sqlmodel import Session

from storage.registration_selection import selected_registrations
from storage.registrations import dump_line, export_year, import_lines
from storage.report_tallies import refresh
from storage.spss import Mapping, MappingError, import_sav, write_sav
from storage.uow import SqlUnitOfWork
from web.cli.common import bus_of, engine_of, pass_settings
from web.config import Settings
from workflow.clock import SystemClock
from workflow.figures import Filters, filter_records
from workflow.registration import validate_registration
from workflow.vocabulary import VARIANTS

MAX_SHOWN = 200


@click.group("registrations")
def registrations() -> None:
    """Anonymous registrations in the exchange format registration-v1 (JSON Lines), or as SPSS files."""


@registrations.command("export")
@click.option("--year", type=click.IntRange(1990, 2100), help="Year of the closing date (SPSS: default every year).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "sav"]), default="jsonl", show_default=True,
    help="JSON Lines (registration-v1) or an SPSS data file (.sav, needs --output).",
)  # fmt: skip
@click.option("--provincie", multiple=True, help="Only these provinces (as on the reports page).")
@click.option("--gemeente", multiple=True, help="Only these municipalities.")
@click.option("--type-organisatie", help="Only referrals by this type of organisation.")
@click.option("--variant", type=click.Choice(VARIANTS), help="Only this variant.")
@pass_settings
def export(settings: Settings, year: int | None, output: str | None, fmt: str, **filters) -> None:
    """Write the registrations of a year: closed cases and imported historic records, one per line (or one
    row per registration in an SPSS file)."""
    if fmt == "sav":
        _export_sav(settings, year, output, filters)
        return
    if year is None:
        raise click.UsageError("Geef --year (JSON Lines schrijft één jaar).")
    with Session(engine_of(settings)) as session:
        records = export_year(session, year)
    if any(filters.values()):
        records = filter_records(records, _filters(None, filters))
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


def _filters(year: int | None, options: dict) -> Filters:
    return Filters.of(
        year, set(options["provincie"]) or None, set(options["gemeente"]) or None, options["type_organisatie"],
        options["variant"],
    )  # fmt: skip


def _export_sav(settings: Settings, year: int | None, output: str | None, options: dict) -> None:
    if not output:
        raise click.UsageError("Een SPSS-bestand gaat naar een bestand: geef --output BESTAND.sav.")
    with Session(engine_of(settings)) as session:
        records = selected_registrations(session, _filters(year, options))
    write_sav(records, output)
    years = f"over {year}" if year else "over alle jaren"
    click.echo(f"{len(records)} registraties {years} geschreven naar {output}.", err=True)


@registrations.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--skip-errors", is_flag=True, help="Import the good lines even when some lines are bad.")
@click.option(
    "--mapping", type=click.Path(exists=True, dir_okay=False),
    help="SPSS only: a TOML or YAML file describing an older file's variables, codes and sets.",
)  # fmt: skip
@pass_settings
def import_(settings: Settings, file, skip_errors: bool, mapping: str | None) -> None:
    """Read a JSON Lines file, or an SPSS file (.sav); every bad line (row) is reported, and nothing is stored
    if any is bad."""
    spss = file.name.lower().endswith((".sav", ".zsav")) if isinstance(file.name, str) else False
    if mapping and not spss:
        raise click.UsageError("--mapping hoort bij een SPSS-bestand (.sav).")
    unit = "rij" if spss else "regel"
    with SqlUnitOfWork(engine_of(settings), SystemClock(), bus_of(settings)) as uow:
        if spss:
            try:
                report, unknown = import_sav(uow, file.name, Mapping.load(mapping) if mapping else None, skip_errors)
            except MappingError as problem:
                raise click.ClickException(str(problem)) from problem
            for value in unknown:
                click.echo(value.message(), err=True)
        else:
            report = import_lines(uow, file, skip_errors=skip_errors)
        for error in report.errors[:MAX_SHOWN]:
            click.echo(f"{unit} {error.line}: {error.field or '(' + unit + ')'}: {error.message}", err=True)
        if len(report.errors) > MAX_SHOWN:
            click.echo(f"… en nog {len(report.errors) - MAX_SHOWN} fouten.", err=True)
        if report.errors and not skip_errors:
            raise click.ClickException(  # leaving the unit of work without commit stores nothing
                f"{len(report.errors)} fouten op {report.skipped_lines} {'rijen' if spss else 'regels'}; "
                "niets ingelezen (gebruik --skip-errors om de goede "
                f"{'rijen' if spss else 'regels'} wel in te lezen)."
            )
        uow.commit()
    click.echo(
        f"Ingelezen: {report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd"
        + (f", {report.skipped_lines} {'rijen' if spss else 'regels'} overgeslagen." if report.skipped_lines else ".")
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
