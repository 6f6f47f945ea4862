"""Blueprint 'api' (filled in by its own module)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from web.api import matching, registrations, reminders, reports, routes  # noqa: E402,F401
