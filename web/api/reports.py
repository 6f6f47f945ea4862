"""GET /api/v1/reports/yearly: the yearly figures as JSON (the same structure as `kring report`)."""

from flask import abort, g, jsonify, request

from web.api.blueprint import bp
from web.api.reference import region_names
from web.context import clock, db
from web.contract.responses import YearlyReport
from web.forms import MUNICIPALITY_FILTER, filter_value
from web.reports.data import Scope, questionnaire_results, scoped_report
from workflow import vocabulary as v
from workflow.errors import InvalidInput, NotPermitted
from workflow.figures import Filters
from workflow.phases import Role


@bp.get("/reports/yearly")
def yearly_report_json():
    """The report of the caller's scope (all for the bureau, a regiomanager's regions) for `year` (closing
    date), optionally one region (name or id), municipality, province, referrer organisation type, variant."""
    if g.actor.role not in (Role.ADMIN, Role.REGIOMANAGER):
        abort(403)
    session = db()
    scope = Scope(session, g.actor)
    args, errors = request.args, {}
    year_text = args.get("year", "").strip()
    year = clock().now().year
    if year_text:
        if year_text.isascii() and year_text.isdigit() and 1990 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            errors["year"] = "Jaar: geef een jaartal, bijvoorbeeld 2022"
    gemeenten = None
    region = args.get("region", "").strip()
    if region:
        by_name = {name.lower(): rid for rid, name in scope.regions.items()}
        rid = int(region) if region.isascii() and region.isdigit() and len(region) < 10 else by_name.get(region.lower())
        if rid not in scope.regions and _region_exists(session, region):  # one the document lists: not yours
            raise NotPermitted("Deze regio is niet een van uw regio's.")
        if rid not in scope.regions:
            errors["region"] = "Regio: onbekend; geef de naam of het id van een van uw regio's"
        else:
            gemeenten = scope.municipalities_of(rid)
    gemeente = ""
    try:
        gemeente = filter_value(MUNICIPALITY_FILTER, args.get("gemeente"))
    except InvalidInput as problem:
        errors.update(problem.errors)
    if gemeente:
        gemeenten = frozenset({gemeente}) & gemeenten if gemeenten is not None else frozenset({gemeente})
    checks = {"provincie": v.PROVINCES, "type_organisatie": v.ORGANISATION_TYPES, "variant": v.VARIANTS}
    chosen = {}
    for name, allowed in checks.items():
        value = args.get(name, "").strip()
        if value and value not in allowed:
            errors[name] = f"{name}: kies een van " + ", ".join(allowed)
        chosen[name] = value or None
    if errors:
        raise InvalidInput(errors)
    filters = Filters(
        year,
        frozenset({chosen["provincie"]}) if chosen["provincie"] else None,
        gemeenten,
        chosen["type_organisatie"],
        chosen["variant"],
    )
    report = scoped_report(session, scope.visible, filters, questionnaire_results(session, year, filters, scope))
    return jsonify(YearlyReport.model_validate(report).as_json())


def _region_exists(session, region: str) -> bool:
    """A region by name or id, whoever's it is."""
    return region.lower() in {name.lower() for name in region_names(session)}
