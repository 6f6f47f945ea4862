"""`kring report --year Y [--format json|xlsx|csv] [--output FILE]`: the yearly figures of every closed case."""

from pathlib import Path

import click
from sqlmodel import Session

from web.cli.common import engine_of, pass_settings
from web.config import Settings
from web.reports.data import questionnaire_results, scoped_report
from web.reports.export import to_xlsx
from workflow.figures import Filters
from workflow.report_format import to_csv, to_json


@click.command("report")
@click.option("--year", type=click.IntRange(1990, 2100), required=True, help="Year of the closing date.")
@click.option("--format", "fmt", type=click.Choice(["json", "xlsx", "csv"]), default="json", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write; default standard output (XLSX needs a file).",
)
@click.option("--province", "provinces", multiple=True, help="Only these provinces (repeat for a region).")
@pass_settings
def report(settings: Settings, year: int, fmt: str, output: Path | None, provinces: tuple[str, ...]) -> None:
    """Build the yearly report (tables T1–T23 and the text figures) from the closed cases of YEAR."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("XLSX is binary: give --output FILE.")
    with Session(engine_of(settings)) as session:
        filters = Filters.of(year=year, provincies=provinces or None)
        built = scoped_report(session, None, filters, questionnaire_results(session, year, filters))
    if fmt == "xlsx":
        output.write_bytes(to_xlsx(built))
    else:
        text = to_json(built) if fmt == "json" else to_csv(built)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
    if output is not None:
        click.echo(f"Jaarcijfers {year} ({fmt}) geschreven naar {output}.", err=True)
