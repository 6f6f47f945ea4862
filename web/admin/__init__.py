"""The national office's admin pages (beheer): users, the coordinator pool, regions and municipalities."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from web.admin import inzage, routes, timings  # noqa: E402,F401
