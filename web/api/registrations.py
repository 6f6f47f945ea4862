"""Anonymous registrations as JSON Lines (registration-v1): the export of a year, and the import."""

from flask import Response, g, jsonify, request
from sqlmodel import select

from storage.models import Case
from storage.registrations import dump_line, export_year, import_registration_lines
from storage.uow import visible_cases
from web.api.blueprint import bp
from web.context import db, uow
from web.contract.responses import RegistrationImport
from web.errors import json_error
from workflow.errors import InvalidInput, NotPermitted
from workflow.phases import Role

NDJSON = "application/x-ndjson"


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
