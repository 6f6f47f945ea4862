"""Case views (placeholder until the case pages land)."""
from flask import redirect, url_for
from flask_login import current_user, login_required

from web.cases import bp


@bp.route("/")
@login_required
def home():
    """Each role's start page."""
    return f"Welkom, {current_user.name}"


@bp.route("/inbox")
@login_required
def inbox():
    return redirect(url_for("cases.home"))


@bp.route("/zaken")
@login_required
def case_list():
    return redirect(url_for("cases.home"))


@bp.route("/mijn-zaken")
@login_required
def my_cases():
    return redirect(url_for("cases.home"))


@bp.route("/aanmelding/nieuw")
@login_required
def new_case():
    return redirect(url_for("cases.home"))
