"""Satisfaction questionnaires: the coordinator's links, QR codes, sheet and results; the public form pages."""

from flask import Blueprint

bp = Blueprint("questionnaires", __name__)

from web.questionnaires import public, routes  # noqa: E402,F401
