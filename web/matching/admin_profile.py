"""The admin keeps the parts of a coordinator's matching profile the coordinator does not set themselves:
qualifications, target-group experience, municipalities served and fixed pools of referrers."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlmodel import Session, select

from storage import matching as store
from storage.matching_changes import save_kept_profile
from storage.models import Coordinator, Municipality
from web.auth import role_required
from web.context import clock, db, uow
from web.errors import refused
from web.forms import form_data
from web.matching.blueprint import bp
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
        values |= {"gemeenten": _items(values["gemeenten"], "gemeenten"), "pools": _items(values["pools"], "pools")}
        save_kept_profile(uow(), coordinator_id, values)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _page(coordinator, raw, refusal.errors), refusal.status
    flash(f"Matchingprofiel van {coordinator.name} opgeslagen.")
    return redirect(url_for("matching.coordinator_matching", coordinator_id=coordinator_id), 303)


def _items(text: str | None, field: str) -> list[str]:
    items = list(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))
    if len(items) > MAX_ITEMS:
        raise InvalidInput({field: f"Maximaal {MAX_ITEMS} namen"})
    if any(len(item) > 120 for item in items):
        raise InvalidInput({field: "Een naam mag maximaal 120 tekens hebben"})
    return items


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
