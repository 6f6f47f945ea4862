"""Admin views under /beheer: admin only, thin; parsing lives in forms.py, reads and writes in service.py."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from storage import admin as change
from storage.accounts import MIN_PASSWORD
from storage.audit import AccessLogEntry, AuditEntry, UserAuditEntry
from storage.models import Case, Coordinator, Municipality, Region, User
from storage.tokens import revoke_all_tokens
from web.admin import forms, service
from web.admin.blueprint import bp
from web.auth import ask_fresh_login, login_is_recent, role_required
from web.context import clock, db, settings, uow
from web.errors import refused
from workflow.audit_view import field_label, readable
from workflow.clock import local_today
from workflow.errors import InvalidInput
from workflow.phases import Role

USER_FIELDS = ("email", "name", "role", "password")
COORDINATOR_FIELDS = ("gender", "birth_year", "languages", "cultural_background", "capacity", "active")


@bp.before_request
@role_required(Role.ADMIN)
def admin_only():
    """Every page and form here, GET or POST: the admin role only (others 403, anonymous to login);
    managing users also asks for a password typed in the last quarter of an hour."""
    if request.endpoint in USER_MANAGEMENT and not login_is_recent():
        return ask_fresh_login()
    return None


USER_MANAGEMENT = {
    "admin.new_user",
    "admin.edit_user",
    "admin.deactivate_user",
    "admin.reactivate_user",
    "admin.revoke_user_tokens",
}
EDIT_FIELDS = ("name", "role", "active")


@bp.route("/")
def index():
    return redirect(url_for("admin.users"))


@bp.route("/gebruikers")
def users():
    return render_template("admin/users.html", rows=service.users(db()))


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
def new_user():
    regions = service.region_names(db())
    if request.method == "GET":
        return _user_form({"role": Role.REGIOMANAGER.value, "regions": []}, {}, regions)
    values = forms.raw_values(request.form, USER_FIELDS, ("regions",))
    try:
        user = change.add_user(
            uow(),
            forms.parse_user(values, regions, local_today(clock().now())),
            password_method=settings().password_method,
        )
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _user_form(values, refusal.errors, regions), refusal.status
    flash(f"Gebruiker {user.email} is aangemaakt.")
    return redirect(url_for("admin.users"))


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change a user's name, role, regions and whether they are active (each change in the audit)."""
    row = service.user(db(), user_id) or abort(404)
    regions = service.regions_by_id(db())
    if request.method == "GET":
        chosen = [str(i) for i, name in regions.items() if name in row.regions]
        values = {"name": row.user.name, "role": row.user.role, "active": "ja" if row.user.active else ""}
        return _edit_form(row, values | {"regions": chosen}, {}, regions)
    values = forms.raw_values(request.form, EDIT_FIELDS, ("regions",))
    try:
        data = forms.parse_user_edit(
            values, regions, local_today(clock().now()), editing_self=user_id == current_user.id
        )
        user = change.update_user(uow(), user_id, data, current_user.id) or abort(404)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _edit_form(row, values, refusal.errors, regions), refusal.status
    flash(f"De gegevens van {user.name} zijn opgeslagen.")
    return redirect(url_for("admin.users"), 303)


@bp.route("/gebruikers/<int:user_id>/deactiveren", methods=["POST"])
def deactivate_user(user_id: int):
    if user_id == current_user.id:
        flash("U kunt uw eigen account niet deactiveren.", "error")
        return redirect(url_for("admin.users"), 303)
    user = change.set_active(uow(), user_id, False, current_user.id) or abort(404)
    flash(f"{user.name} is gedeactiveerd; alle sessies van deze gebruiker zijn beëindigd.")
    return redirect(url_for("admin.users"), 303)


@bp.route("/gebruikers/<int:user_id>/activeren", methods=["POST"])
def reactivate_user(user_id: int):
    user = change.set_active(uow(), user_id, True, current_user.id) or abort(404)
    message = f"{user.name} is weer actief."
    if user.role == Role.COORDINATOR.value:
        message += " Zet het coördinatorprofiel zo nodig ook weer op actief."
    flash(message)
    return redirect(url_for("admin.users"), 303)


@bp.route("/gebruikers/<int:user_id>/tokens-intrekken", methods=["POST"])
def revoke_user_tokens(user_id: int):
    """Revoke every API token of a user (a lost laptop, a leaked script)."""
    count = revoke_all_tokens(uow(), user_id)
    if count is None:
        abort(404)
    flash(f"{count} API-token(s) ingetrokken." if count else "Deze gebruiker had geen geldige API-tokens.")
    return redirect(url_for("admin.users"), 303)


@bp.route("/coordinatoren")
def coordinators():
    return render_template("admin/coordinators.html", rows=service.coordinators(db()))


@bp.route("/coordinatoren/<int:coordinator_id>", methods=["GET", "POST"])
def edit_coordinator(coordinator_id: int):
    row = service.coordinator(db(), coordinator_id) or abort(404)
    regions = service.region_names(db())
    if request.method == "GET":
        profile = row.coordinator
        values = {
            "gender": profile.gender or "",
            "birth_year": str(profile.birth_year or ""),
            "languages": ", ".join(profile.languages),
            "cultural_background": profile.cultural_background or "",
            "capacity": str(profile.capacity),
            "active": "ja" if profile.active else "",
            "regions": row.regions,
        }
        return _coordinator_form(row, values, {}, regions)
    values = forms.raw_values(request.form, COORDINATOR_FIELDS, ("regions",))
    try:
        data = forms.parse_coordinator(values, regions, local_today(clock().now()))
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _coordinator_form(row, values, refusal.errors, regions), refusal.status
    change.update_coordinator(uow(), coordinator_id, data)
    flash(f"Profiel van {row.coordinator.name} is opgeslagen.")
    return redirect(url_for("admin.coordinators"), 303)


@bp.route("/regios")
def regions():
    return _regions_page({}, {}, {}, {})


@bp.route("/regios/nieuw", methods=["POST"])
def new_region():
    values = forms.raw_values(request.form, ("name",))
    try:
        name = forms.parse_region_name(values, service.region_names(db()), local_today(clock().now()))
        change.add_region(uow(), name)
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _regions_page(values, refusal.errors, {}, {}), refusal.status
    flash(f"Regio {name} is aangemaakt.")
    return redirect(url_for("admin.regions"), 303)


@bp.route("/regios/gemeente-verplaatsen", methods=["POST"])
def move_municipality():
    values = forms.raw_values(request.form, ("municipality", "region"))
    try:
        data = forms.parse_move(values, service.municipality_names(db()), service.region_names(db()))
    except InvalidInput as problem:
        refusal = refused(problem, flash_with=None)
        return _regions_page({}, {}, values, refusal.errors), refusal.status
    before = change.move_municipality(uow(), data["municipality"], data["region"])
    flash(
        f"{data['municipality']} is verplaatst van {before} naar {data['region']}. "
        "Bestaande zaken blijven in hun regio."
    )
    return redirect(url_for("admin.regions"), 303)


def _user_form(values: dict, errors: dict, regions: list[str]) -> str:
    return render_template(
        "admin/user_form.html",
        values=values,
        errors=errors,
        regions=regions,
        roles=forms.ROLE_LABELS,
        min_password=MIN_PASSWORD,
    )


def _edit_form(row, values: dict, errors: dict, regions: dict[int, str]) -> str:
    return render_template(
        "admin/user_edit.html",
        row=row,
        values=values,
        errors=errors,
        regions=regions,
        roles=forms.ROLE_LABELS,
        editing_self=row.user.id == current_user.id,
    )


def _coordinator_form(row, values: dict, errors: dict, regions: list[str]) -> str:
    return render_template(
        "admin/coordinator_form.html",
        row=row,
        values=values,
        errors=errors,
        regions=regions,
        genders=forms.COORDINATOR_GENDERS,
    )


def _regions_page(new_values: dict, new_errors: dict, move_values: dict, move_errors: dict) -> str:
    return render_template(
        "admin/regions.html",
        rows=service.regions(db()),
        regions=service.region_names(db()),
        municipalities=service.municipality_names(db()),
        new_values=new_values,
        new_errors=new_errors,
        move_values=move_values,
        move_errors=move_errors,
    )


@bp.route("/zaken/<int:case_id>/logboek")
def case_log(case_id: int):
    """Who read this case and what changed in it (the access log and the audit trail)."""
    case = db().get(Case, case_id) or abort(404)
    return render_template(
        "admin/log.html",
        title=f"Logboek zaak {case.ref}",
        reads=_reads(case_id=case_id),
        changes=_changes(case_id=case_id),
        names=_user_names(),
    )


@bp.route("/gebruikers/<int:user_id>/logboek")
def user_log(user_id: int):
    """Which cases this user read and what they changed."""
    user = db().get(User, user_id) or abort(404)
    account_changes = (
        db()
        .exec(
            select(UserAuditEntry)
            .where(UserAuditEntry.user_id == user_id)
            .order_by(UserAuditEntry.id.desc())
            .limit(500)
        )
        .all()
    )
    return render_template(
        "admin/log.html",
        title=f"Logboek {user.name}",
        reads=_reads(user_id=user_id),
        changes=_changes(user_id=user_id),
        account_changes=account_changes,
        roles=forms.ROLE_LABELS,
        names=_user_names(),
    )


def _reads(**where):
    query = select(AccessLogEntry, Case.ref).join(Case, Case.id == AccessLogEntry.case_id)
    for name, value in where.items():
        query = query.where(getattr(AccessLogEntry, name) == value)
    return db().exec(query.order_by(AccessLogEntry.at.desc()).limit(500)).all()


def _changes(**where):
    """The audit lines, newest first, as people read them: the form's label of the field, readable values."""
    query = select(AuditEntry, Case.ref).join(Case, Case.id == AuditEntry.case_id)
    for name, value in where.items():
        query = query.where(getattr(AuditEntry, name) == value)
    rows = db().exec(query.order_by(AuditEntry.at.desc()).limit(500)).all()
    names = _id_names(db()) if rows else {}
    return [
        (
            entry,
            ref,
            field_label(entry.field),
            readable(entry.old, entry.field, names),
            readable(entry.new, entry.field, names),
        )
        for entry, ref in rows
    ]


def _id_names(session) -> dict[str, dict[int, str]]:
    """Names for the ids the audit stores (coordinator, municipality, region)."""
    return {
        "coordinator_id": dict(session.exec(select(Coordinator.id, Coordinator.name)).all()),
        "municipality_id": dict(session.exec(select(Municipality.id, Municipality.name)).all()),
        "region_id": dict(session.exec(select(Region.id, Region.name)).all()),
    }


def _user_names() -> dict[int, str]:
    return dict(db().exec(select(User.id, User.name)).all())
