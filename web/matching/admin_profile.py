"""The admin keeps the parts of a coordinator's matching profile the coordinator does not set themselves:
qualifications, target-group experience, municipalities served and fixed pools of referrers."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session, delete, func, select

from storage import matching as store
from storage.models import Coordinator, Municipality
from web.auth import role_required
from web.context import clock, db
from web.forms import field_errors, form_data
from web.matching import bp
from web.matching.routes import write_session
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.fields import FieldSpec, parse_fields
from workflow.matching import QUALIFICATIONS, TARGET_GROUPS
from workflow.phases import Role

PROFILE_FIELDS = (
    FieldSpec(
        "kwalificaties",
        "Kwalificaties",
        "multichoice",
        choices=QUALIFICATIONS,
        help="EK-2 is nodig voor herstel-, groeps- en buurtconferenties.",
    ),
    FieldSpec("doelgroepen", "Ervaring met doelgroepen", "multichoice", choices=TARGET_GROUPS),
    FieldSpec("gemeenten", "Werkt ook in deze gemeenten (met komma's)", "line", max_length=1000),
    FieldSpec("pools", "Vaste pool van deze organisaties (met komma's)", "line", max_length=1000),
)
MAX_ITEMS = 40


@bp.route("/beheer/coordinatoren/<int:coordinator_id>/matching", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def coordinator_matching(coordinator_id: int):
    """Show and save the admin-kept matching profile of one coordinator."""
    coordinator = db().get(Coordinator, coordinator_id) or abort(404)
    if request.method == "GET":
        return _page(coordinator, _current(db(), coordinator_id), {})
    raw = form_data(PROFILE_FIELDS, request.form)
    try:
        values = parse_fields(PROFILE_FIELDS, raw, local_today(clock().now()))
        with write_session() as session:
            _save(session, coordinator_id, values)
            session.commit()
    except InvalidInput as problem:
        return _page(coordinator, raw, field_errors(problem)), 400
    flash(f"Matchingprofiel van {coordinator.name} opgeslagen.")
    return redirect(url_for("matching.coordinator_matching", coordinator_id=coordinator_id), 303)


def _save(session: Session, coordinator_id: int, values: dict[str, Any]) -> None:
    municipality_ids = _municipality_ids(session, _items(values["gemeenten"], "gemeenten"))
    pools = _items(values["pools"], "pools")
    store.save_skills(session, coordinator_id, values["kwalificaties"], values["doelgroepen"])
    session.exec(
        delete(store.CoordinatorMunicipality).where(store.CoordinatorMunicipality.coordinator_id == coordinator_id)
    )
    session.exec(delete(store.CoordinatorPool).where(store.CoordinatorPool.coordinator_id == coordinator_id))
    session.add_all(
        store.CoordinatorMunicipality(coordinator_id=coordinator_id, municipality_id=m) for m in municipality_ids
    )
    session.add_all(store.CoordinatorPool(coordinator_id=coordinator_id, organisation=p) for p in pools)


def _items(text: str | None, field: str) -> list[str]:
    items = list(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))
    if len(items) > MAX_ITEMS:
        raise InvalidInput({field: f"Maximaal {MAX_ITEMS} namen"})
    if any(len(item) > 120 for item in items):
        raise InvalidInput({field: "Een naam mag maximaal 120 tekens hebben"})
    return items


def _municipality_ids(session: Session, names: list[str]) -> list[int]:
    found = (
        dict(
            session.exec(
                select(func.lower(Municipality.name), Municipality.id).where(
                    func.lower(Municipality.name).in_([n.lower() for n in names])
                )
            ).all()
        )
        if names
        else {}
    )
    unknown = [n for n in names if n.lower() not in found]
    if unknown:
        raise InvalidInput({"gemeenten": "Onbekende gemeente: " + ", ".join(unknown[:5])})
    return [found[n.lower()] for n in names]


def _current(session: Session, coordinator_id: int) -> dict[str, Any]:
    skills = store.skills_of(session, coordinator_id)
    municipalities = session.exec(
        select(Municipality.name)
        .join(store.CoordinatorMunicipality, store.CoordinatorMunicipality.municipality_id == Municipality.id)
        .where(store.CoordinatorMunicipality.coordinator_id == coordinator_id)
    ).all()
    pools = session.exec(
        select(store.CoordinatorPool.organisation).where(store.CoordinatorPool.coordinator_id == coordinator_id)
    ).all()
    return {
        "kwalificaties": list(skills.qualifications),
        "doelgroepen": list(skills.target_groups),
        "gemeenten": ", ".join(sorted(municipalities)),
        "pools": ", ".join(sorted(pools)),
    }


def _page(coordinator: Coordinator, values: dict[str, Any], errors: dict[str, str]):
    return render_template(
        "matching/admin_profile.html", coordinator=coordinator, specs=PROFILE_FIELDS, values=values, errors=errors
    )
