"""/rapportage/door-de-jaren: the trend over every year in the database (imported and live alike) under the
reports' filters, as SVG charts drawn on the server (no script, nothing fetched), with a drill-down to a
year's registrations and CSV/XLSX downloads; and /rapportage/registraties.sav, the SPSS file of the
report's selection (bureau only)."""

import csv
import io
from typing import Any

from flask import Response, render_template, request, url_for
from openpyxl import Workbook
from openpyxl.styles import Font

from storage.registration_selection import registration_years, selected_registrations
from storage.registrations import records_for_year
from storage.report_tallies import year_tally
from storage.spss import sav_bytes
from web.auth import role_required
from web.context import actor, db
from web.reports.blueprint import bp
from web.reports.data import Scope, closed_cases
from web.reports.routes import _refused, selection
from workflow import vocabulary as v
from workflow.figures import Filters, filter_records
from workflow.figures.cases import case_result
from workflow.figures.trend import trend_rows, year_point
from workflow.phases import Role

SAV = "application/x-spss-sav"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_LISTED = 2000
FILTER_KEYS = ("regio", "provincie", "gemeente", "type_organisatie", "variant")


def _points(scope: Scope, filters: Filters) -> list[dict[str, Any]]:
    """Per year with visible registrations under `filters` (any year), the year's trend figures."""
    session = db()
    points = []
    for year in registration_years(session):
        total = year_tally(session, _in_year(filters, year), scope.visible)
        if total:
            points.append(year_point(year, total))
    return points


def _in_year(filters: Filters, year: int | None) -> Filters:
    return Filters(year, filters.provincies, filters.gemeenten, filters.type_organisatie, filters.variant)


@bp.route("/rapportage/door-de-jaren")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def trend():
    scope = Scope(db(), actor())
    filters, chosen, errors = _selection(scope)
    points = _points(scope, filters)
    query = {k: chosen[k] for k in FILTER_KEYS if chosen[k] not in ("", None)}
    return render_template(
        "reports/trend.html",
        points=points,
        chosen=chosen,
        query=query,
        results=v.CASE_RESULTS,
        result_chart=stacked_bars(points),
        shares=line_chart(points, (("pct_plan", "Met plan en/of afspraken"), ("pct_compulsory", "Gedwongen kader"))),
        lead=line_chart(points, (("mean_lead_days", "Gemiddelde doorlooptijd (dagen)"),), percent=False),
        regions=scope.regions,
        provinces=v.PROVINCES,
        organisation_types=v.ORGANISATION_TYPES,
        variants=v.VARIANT_LABELS,
        errors=errors,
    ), (400 if errors else 200)


def _selection(scope: Scope, year_used: bool = False) -> tuple[Filters, dict[str, Any], dict[str, str]]:
    """The reports' selection; the year only counts where it is used (the trend covers every year)."""
    filters, chosen, errors = selection(scope)
    if not year_used:
        errors.pop("jaar", None)
    return filters, chosen, errors


@bp.route("/rapportage/door-de-jaren/zaken")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def trend_cases():
    """The registrations of one year under the filters: imported ones by ref, Kring's own with a link."""
    scope = Scope(db(), actor())
    filters, chosen, errors = _selection(scope, year_used=True)
    if errors:
        return _refused(errors)
    year = filters.year
    records = filter_records(records_for_year(db(), year), _in_year(filters, None))
    records = [r for r in records if scope.visible is None or scope.visible.allows(r)]
    live = {case.ref: case.id for case in closed_cases(db(), actor(), year, [r["ref"] for r in records[:MAX_LISTED]])}
    rows = [
        {
            "ref": r["ref"],
            "case_id": live.get(r["ref"]),
            "provincie": r.get("provincie"),
            "gemeente": r.get("gemeente"),
            "resultaat": case_result(r),
            "afsluitdatum": r.get("afsluitdatum"),
        }
        for r in records[:MAX_LISTED]
    ]
    query = {k: chosen[k] for k in FILTER_KEYS if chosen[k] not in ("", None)}
    return render_template("reports/trend_cases.html", rows=rows, total=len(records), year=year, query=query)


@bp.route("/rapportage/door-de-jaren.csv")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def trend_csv():
    scope = Scope(db(), actor())
    filters, _chosen, errors = _selection(scope)
    if errors:
        return _refused(errors)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [[_csv_cell(c) for c in row] for row in trend_rows(_points(scope, filters))]
    )
    return _download("\ufeff" + out.getvalue(), "text/csv; charset=utf-8", "door-de-jaren.csv")


@bp.route("/rapportage/door-de-jaren.xlsx")
@role_required(Role.ADMIN, Role.REGIOMANAGER)
def trend_xlsx():
    scope = Scope(db(), actor())
    filters, _chosen, errors = _selection(scope)
    if errors:
        return _refused(errors)
    book = Workbook()
    sheet = book.active
    sheet.title = "Door de jaren"
    for row in trend_rows(_points(scope, filters)):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return _download(out.getvalue(), XLSX, "door-de-jaren.xlsx")


@bp.route("/rapportage/registraties.sav")
@role_required(Role.ADMIN)
def registrations_sav():
    """The anonymous registrations of the report's selection (year and filters) as an SPSS file."""
    scope = Scope(db(), actor())
    every_year = request.args.get("jaar") == "alle"
    filters, _chosen, errors = _selection(scope, year_used=not every_year)
    if errors:
        return _refused(errors)
    records = selected_registrations(db(), _in_year(filters, None) if every_year else filters, scope.visible)
    name = "registraties-alle-jaren.sav" if every_year else f"registraties-{filters.year}.sav"
    return _download(sav_bytes(records), SAV, name)


def _download(body: str | bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_cell(value: Any) -> Any:
    """Dutch spreadsheets read a decimal comma; a text starting with = + - @ is never a formula."""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


# --- the charts' geometry (the templates draw it) -------------------------------------------------------------

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 240, 48, 16, 14, 30


def _x_positions(count: int) -> list[float]:
    inner = WIDTH - LEFT - RIGHT
    step = inner / max(count, 1)
    return [round(LEFT + step * (i + 0.5), 1) for i in range(count)]


def _ticks(top: float) -> list[float]:
    """Four or five round gridlines from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000) if top / s <= 5)
    count = int(-(-top // step))
    return [step * i for i in range(count + 1)]


def _y(value: float, top: float) -> float:
    return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / (top or 1), 1)


def stacked_bars(points: list[dict[str, Any]]) -> dict[str, Any]:
    """T1 per year as stacked columns: for each year its segments (result, n, y, height) and drill-down."""
    ticks = _ticks(max((p["closed"] for p in points), default=0))
    top = ticks[-1]
    xs = _x_positions(len(points))
    width = round(min(44, (WIDTH - LEFT - RIGHT) / max(len(points), 1) * 0.6), 1)
    bars = []
    for p, x in zip(points, xs, strict=True):
        base, segments = 0, []
        for index, label in enumerate(v.CASE_RESULTS):
            n = p["results"].get(label, 0)
            if n:
                y_top, y_bottom = _y(base + n, top), _y(base, top)
                segments.append({"label": label, "n": n, "y": y_top, "height": round(y_bottom - y_top, 1), "i": index})
            base += n
        bars.append({"year": p["year"], "x": x, "closed": p["closed"], "segments": segments, "y": _y(base, top)})
    return {"bars": bars, "width": width, "grid": [(t, _y(t, top)) for t in ticks], **_frame()}


def line_chart(points: list[dict[str, Any]], series: tuple[tuple[str, str], ...], percent: bool = True) -> dict:
    """Lines per series over the years: a polyline and its dots (years without a value are left out)."""
    values = [p[key] for p in points for key, _ in series if p[key] is not None]
    ticks = [0, 25, 50, 75, 100] if percent else _ticks(max(values, default=0))
    top = ticks[-1]
    xs = _x_positions(len(points))
    lines = []
    for index, (key, title) in enumerate(series):
        dots = [
            {"x": x, "y": _y(p[key], top), "value": p[key], "year": p["year"]}
            for p, x in zip(points, xs, strict=True)
            if p[key] is not None
        ]
        lines.append({"title": title, "i": index, "dots": dots, "path": " ".join(f"{d['x']},{d['y']}" for d in dots)})
    years = [{"year": p["year"], "x": x} for p, x in zip(points, xs, strict=True)]
    return {"lines": lines, "years": years, "grid": [(t, _y(t, top)) for t in ticks], "percent": percent, **_frame()}


def _frame() -> dict[str, Any]:
    return {"w": WIDTH, "h": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "base": HEIGHT - BOTTOM}


def trend_url(year: int, query: dict[str, Any]) -> str:
    return url_for("reports.trend_cases", **query, jaar=year)


bp.add_app_template_global(trend_url, "trend_cases_url")
