"""Blueprint 'admin' (filled in by its own module)."""
from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.route("/")
def index():
    return "Beheer"
