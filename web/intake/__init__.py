"""The public intake page: a main person or family member applies without logging in."""

from flask import Blueprint

bp = Blueprint("intake", __name__)

from web.intake import routes  # noqa: E402,F401
