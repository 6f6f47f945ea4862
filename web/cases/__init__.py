"""Case pages: the regiomanager's inbox and list, the coordinator's cases, the case page and its actions."""

from flask import Blueprint

bp = Blueprint("cases", __name__)

from web.cases import routes  # noqa: E402,F401
