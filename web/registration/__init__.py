"""Registration pages: what a coordinator records during a case, what closing still needs, the printable plan."""

from flask import Blueprint

bp = Blueprint("registration", __name__)

from web.registration import routes  # noqa: E402,F401
