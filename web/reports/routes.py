"""/rapportage: the yearly figures for the bureau (all) and regiomanagers (their regions), with filters,
bar charts, a link from every count to its cases, downloads, and the completeness of the registrations."""

from typing import Any

from flask import Response, abort, render_template, request, url_for

from web.auth import role_required
from web.context import actor, clock, db
from web.forms import MUNICIPALITY_FILTER, filter_value
from web.reports.blueprint import bp
from web.reports.data import (
    Scope,
    closed_cases,
    completeness_summary,
    questionnaire_results,
    scoped_cell_refs,
    scoped_report,
)
from web.reports.export import to_xlsx
from workflow import vocabulary as v
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec
from workflow.figures import TABLE_IDS, Filters
from workflow.phases import Role
from workflow.report_format import to_csv, to_json

FILTER_ARGS = ("jaar", "regio", "provincie", "gemeente", "type_organisatie", "variant")
COUNT_KEYS = ("n", "activeringsfase", "conferentiefase", "totaal", "positief", "neutraal", "negatief")
CHARTS = (
    ("T3", "Provincies"),
    ("T8", "Achtergrondproblemen"),
    ("T9", "Onderwerpen"),
    ("T2", "Tijd van aanmelding tot conferentie"),
)
NO_DRILL_DOWN = {"T19", "T20", "T21", "T22"}
MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _ignored_if_invalid(spec: FieldSpec, raw: str | None) -> str:
    try:
        return filter_value(spec, raw)
    except InvalidInput:
        return ""


def selection(scope: Scope) -> tuple[Filters, dict[str, Any]]:
    """The filters from the query string (unknown values are ignored) and the chosen values for the form."""
    args = request.args
    this_year = clock().now().year
    year = args.get("jaar", "").strip()
    year_value = int(year) if year.isdigit() and 1990 <= int(year) <= this_year + 1 else this_year
    gemeenten: frozenset[str] | None = None
    region = args.get("regio", "").strip()
    region_id = int(region) if region.isdigit() and int(region) in scope.regions else None
    if region_id is not None:
        gemeenten = scope.municipalities_of(region_id)
    gemeente = _ignored_if_invalid(MUNICIPALITY_FILTER, args.get("gemeente"))
    if gemeente:
        gemeenten = frozenset({gemeente}) & gemeenten if gemeenten is not None else frozenset({gemeente})
    province = args.get("provincie", "").strip()
    province = province if province in v.PROVINCES else ""
    organisation = args.get("type_organisatie", "").strip()
    organisation = organisation if organisation in v.ORGANISATION_TYPES else ""
    variant = args.get("variant", "").strip()
    variant = variant if variant in v.VARIANTS else ""
    filters = Filters(
        year_value, frozenset({province}) if province else None, gemeenten, organisation or None, variant or None
    )
    chosen = {
        "jaar": year_value,
        "regio": region_id or "",
        "provincie": province,
        "gemeente": gemeente,
        "type_organisatie": organisation,
        "variant": variant,
    }
    return filters, chosen


def build(scope: Scope, filters: Filters) -> dict[str, Any]:
    """The report of the user's scope under `filters`, compared with the previous year when it has data."""
    session = db()
    return scoped_report(session, scope.visible, filters, questionnaire_results(session, filters.year, filters, scope))


@bp.route("/rapportage")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def index():
    scope = Scope(db(), actor())
    filters, chosen = selection(scope)
    report = build(scope, filters)
    query = {k: v for k, v in chosen.items() if v not in ("", None)}
    charts = [(tid, title, _bars(report["tables"][tid])) for tid, title in CHARTS]
    return render_template(
        "reports/index.html",
        report=report,
        chosen=chosen,
        query=query,
        charts=charts,
        table_ids=TABLE_IDS,
        count_keys=COUNT_KEYS,
        no_drill_down=NO_DRILL_DOWN,
        regions=scope.regions,
        provinces=v.PROVINCES,
        organisation_types=v.ORGANISATION_TYPES,
        variants=v.VARIANT_LABELS,
        completeness=completeness_summary(db(), actor(), filters.year),
    )


@bp.route("/rapportage/zaken")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def cell():
    """The closed cases behind one count (only cases in Kring that the user may see)."""
    scope = Scope(db(), actor())
    filters, chosen = selection(scope)
    table_id = request.args.get("table", "")
    if table_id not in TABLE_IDS:
        abort(404)
    label = request.args.get("label") or None
    column = request.args.get("col") or None
    refs = scoped_cell_refs(db(), scope.visible, filters, table_id, label, column)
    cases = closed_cases(db(), actor(), filters.year, refs) if refs else []
    query = {k: v for k, v in chosen.items() if v not in ("", None)}
    return render_template(
        "reports/cases.html",
        cases=cases,
        counted=len(refs),
        table_id=table_id,
        title=_table_title(table_id),
        label=label,
        column=column,
        query=query,
    )


@bp.route("/rapportage/download.<fmt>")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def download(fmt: str):
    if fmt not in MEDIA:
        abort(404)
    scope = Scope(db(), actor())
    filters, _chosen = selection(scope)
    report = build(scope, filters)
    body: str | bytes = to_xlsx(report) if fmt == "xlsx" else to_csv(report) if fmt == "csv" else to_json(report)
    if fmt == "csv":
        body = "\ufeff" + body  # BOM: spreadsheets then read UTF-8
    response = Response(body, mimetype=MEDIA[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="jaarcijfers-{filters.year}.{fmt}"'
    return response


def _table_title(table_id: str) -> str:
    from workflow.figures import SPECS

    spec = SPECS.get(table_id)
    return spec.title if spec else {"T23": "Follow-up"}.get(table_id, table_id)


def _bars(table: dict[str, Any], width: int = 330) -> list[dict[str, Any]]:
    """Rows of a horizontal bar chart: label, n, pct and the bar's length in px (longest = `width`)."""
    rows = [r for r in table["rows"] if not r.get("subtotal")]
    top = max((r["n"] for r in rows), default=0) or 1
    return [
        {"label": r["label"], "n": r["n"], "pct": r.get("pct"), "length": round(width * r["n"] / top)} for r in rows
    ]


def cell_url(table_id: str, label: str, column: str | None, query: dict[str, Any]) -> str:
    params = {**query, "table": table_id, "label": label}
    if column and column != "n":
        params["col"] = column
    return url_for("reports.cell", **params)


bp.add_app_template_global(cell_url, "report_cell_url")
