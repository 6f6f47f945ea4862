"""Anonymous registrations as JSON Lines (registration-v1): the export of a year, and the import."""

from flask import Response, g, jsonify, request
from sqlmodel import select

from storage.models import Case
from storage.registration_selection import selected_registrations
from storage.registrations import dump_line, export_year, import_registration_lines
from storage.spss import sav_bytes
from storage.uow import visible_cases
from web.api.blueprint import bp
from web.context import db, uow
from web.contract.responses import RegistrationImport
from web.errors import json_error
from workflow import vocabulary as vocab
from workflow.errors import InvalidInput, NotPermitted
from workflow.figures import Filters
from workflow.phases import Role

NDJSON = "application/x-ndjson"
SAV = "application/x-spss-sav"


@bp.get("/registrations")
def export_registrations():
    """The registrations of a year (closing date), one JSON object per line; bureau and regiomanagers."""
    if g.actor.role not in (Role.ADMIN, Role.REGIOMANAGER):
        raise NotPermitted("Alleen het bureau en regiomanagers halen registraties op.")
    year = _year(request.args.get("year", ""))
    text = "".join(dump_line(r) + "\n" for r in _in_scope(export_year(db(), year)))
    return Response(
        text, mimetype=NDJSON, headers={"Content-Disposition": f'attachment; filename="registraties-{year}.jsonl"'}
    )


@bp.post("/registrations")
def import_registrations():
    """Read JSON Lines; with any bad line nothing is stored (400), unless `?skip_errors=true`. Bureau only."""
    if g.actor.role is not Role.ADMIN:
        raise NotPermitted("Alleen het bureau leest registraties in.")
    skip = request.args.get("skip_errors", "").lower() in ("1", "true", "ja")
    lines = request.get_data(cache=False).split(b"\n")
    if not any(line.strip() for line in lines):
        raise InvalidInput({"body": "Stuur minstens één registratie (één JSON-object per regel)."})
    report = import_registration_lines(uow(), lines, skip_errors=skip)
    if report.errors and not skip:
        return json_error(
            "invalid_registrations",
            f"{len(report.errors)} fouten op {report.skipped_lines} regels; er is niets ingelezen.",
            400,
            report.as_json(),
        )
    return jsonify(RegistrationImport.model_validate(report.as_json()).as_json())


def _in_scope(records: list[dict]) -> list[dict]:
    """The bureau gets every record; a regiomanager only those of Kring's own cases they may see (visible_cases,
    as on every page). Imported historic registrations are no case in Kring and are left as they were."""
    if g.actor.role is Role.ADMIN:
        return records
    refs = [r["ref"] for r in records]
    live = set(db().exec(select(Case.ref).where(Case.ref.in_(refs))).all())
    visible = {c.ref for c in db().exec(visible_cases(g.actor).where(Case.ref.in_(refs))).all()}
    return [r for r in records if r["ref"] not in live or r["ref"] in visible]


def _year(raw: str) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100):
        raise InvalidInput({"year": "Jaar: geef een jaar van vier cijfers, bijvoorbeeld 2022."})
    return int(text)


@bp.get("/registrations.sav")
def export_registrations_sav():
    """The anonymous registrations as an SPSS file (storage.spss): `year` (default: every year) and the
    reports' filters `provincie`, `gemeente` (repeatable), `type_organisatie`, `variant`. Bureau only."""
    if g.actor.role is not Role.ADMIN:
        raise NotPermitted("Alleen het bureau haalt het SPSS-bestand van de registraties op.")
    args = request.args
    year = _year(args["year"]) if args.get("year", "").strip() else None
    provinces = _all_in(args.getlist("provincie"), vocab.PROVINCES, "provincie")
    municipalities = [m.strip() for m in args.getlist("gemeente") if m.strip()]
    if any(len(m) > 80 or not m.isprintable() for m in municipalities):
        raise InvalidInput({"gemeente": "Gemeente: een naam van hoogstens 80 tekens, zonder stuurtekens."})
    organisation = _all_in([args["type_organisatie"]] if args.get("type_organisatie") else [],
                           vocab.ORGANISATION_TYPES, "type_organisatie")  # fmt: skip
    variant = _all_in([args["variant"]] if args.get("variant") else [], vocab.VARIANTS, "variant")
    filters = Filters.of(
        year, provinces or None, municipalities or None, organisation[0] if organisation else None,
        variant[0] if variant else None,
    )  # fmt: skip
    name = f"registraties-{year}.sav" if year else "registraties.sav"
    return Response(
        sav_bytes(selected_registrations(db(), filters)),
        mimetype=SAV,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _all_in(values: list[str], allowed: tuple[str, ...], field: str) -> list[str]:
    wrong = [value for value in values if value not in allowed]
    if wrong:
        raise InvalidInput({field: f"Onbekende waarde; kies uit: {', '.join(allowed)}."})
    return values
