"""Retention on the case page: when a closed case's personal data goes, and the regiomanager's one extension."""

from flask import Blueprint

bp = Blueprint("retention", __name__)

from web.retention import routes  # noqa: E402,F401
