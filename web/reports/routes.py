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
from workflow.figures import TABLE_IDS, Filters
from workflow.figures.after_plan import COUNT_COLUMNS, TITLES
from workflow.phases import Role
from workflow.report_format import to_csv, to_json

FILTER_ARGS = ("jaar", "regio", "provincie", "gemeente", "type_organisatie", "variant")
# The columns holding counts (each links to its cases): the answers of T24, T25 and T27 among them.
COUNT_KEYS = (
    "n",
    "activeringsfase",
    "conferentiefase",
    "totaal",
    "positief",
    "neutraal",
    "negatief",
    *sorted(COUNT_COLUMNS),
)
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


FIRST_YEAR = 1990  # no registration in Kring is older


def selection(scope: Scope) -> tuple[Filters, dict[str, Any], dict[str, str]]:
    """The filters from the query string, the chosen values for the form, and a Dutch message per filter
    that cannot be used (a year out of range, an unknown region …): those are refused, never silently
    replaced; the figures then use the filter's default and the page says so."""
    args, errors = request.args, {}
    this_year = clock().now().year
    year_value = this_year
    year = args.get("jaar", "").strip()
    if year:
        if year.isdigit() and FIRST_YEAR <= int(year) <= this_year + 1:
            year_value = int(year)
        else:
            errors["jaar"] = f"Jaar: kies een jaar van {FIRST_YEAR} tot en met {this_year + 1} (niet '{_shown(year)}')"
    gemeenten: frozenset[str] | None = None
    region = args.get("regio", "").strip()
    region_id = int(region) if region.isdigit() and int(region) in scope.regions else None
    if region and region_id is None:
        errors["regio"] = "Regio: deze regio bestaat niet of valt buiten uw regio's; kies er een uit de lijst"
    if region_id is not None:
        gemeenten = scope.municipalities_of(region_id)
    try:
        gemeente = filter_value(MUNICIPALITY_FILTER, args.get("gemeente"))
    except InvalidInput as problem:
        gemeente = ""
        errors.update(problem.errors)
    if gemeente:
        gemeenten = frozenset({gemeente}) & gemeenten if gemeenten is not None else frozenset({gemeente})
    province = _one_of(args, "provincie", v.PROVINCES, "Provincie", errors)
    organisation = _one_of(args, "type_organisatie", v.ORGANISATION_TYPES, "Type organisatie", errors)
    variant = _one_of(args, "variant", v.VARIANTS, "Variant", errors)
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
    return filters, chosen, errors


def _one_of(args: Any, name: str, allowed: tuple[str, ...], title: str, errors: dict[str, str]) -> str:
    value = args.get(name, "").strip()
    if value and value not in allowed:
        errors[name] = f"{title}: '{_shown(value)}' staat niet in de lijst; kies er een uit de lijst"
        return ""
    return value


def _shown(text: str) -> str:
    """Typed text, short and printable, to quote back in a message."""
    clean = "".join(ch for ch in text if ch.isprintable())
    return clean[:40] + ("…" if len(clean) > 40 else "")


def build(scope: Scope, filters: Filters) -> dict[str, Any]:
    """The report of the user's scope under `filters`, compared with the previous year when it has data."""
    session = db()
    return scoped_report(session, scope.visible, filters, questionnaire_results(session, filters.year, filters, scope))


@bp.route("/rapportage")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def index():
    scope = Scope(db(), actor())
    filters, chosen, errors = selection(scope)
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
        errors=errors,
    ), (400 if errors else 200)


@bp.route("/rapportage/zaken")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def cell():
    """The closed cases behind one count (only cases in Kring that the user may see)."""
    scope = Scope(db(), actor())
    filters, chosen, errors = selection(scope)
    if errors:
        return _refused(errors)
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
    filters, _chosen, errors = selection(scope)
    if errors:
        return _refused(errors)
    report = build(scope, filters)
    body: str | bytes = to_xlsx(report) if fmt == "xlsx" else to_csv(report) if fmt == "csv" else to_json(report)
    if fmt == "csv":
        body = "\ufeff" + body  # BOM: spreadsheets then read UTF-8
    response = Response(body, mimetype=MEDIA[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="jaarcijfers-{filters.year}.{fmt}"'
    return response


def _refused(errors: dict[str, str]) -> Response:
    """A download or drill-down asked with filters that cannot be used: 400 with the Dutch messages."""
    text = "Deze cijfers kunnen niet worden gemaakt. " + " ".join(errors.values())
    return Response(text, status=400, mimetype="text/plain")


def _table_title(table_id: str) -> str:
    from workflow.figures import SPECS

    spec = SPECS.get(table_id)
    return spec.title if spec else {"T23": "Follow-up", **TITLES}.get(table_id, table_id)


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
