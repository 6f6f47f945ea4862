"""Matching pages: the regiomanager's ranked list and offers, the coordinator's profile and answers,
and the admin's weights."""

from flask import Blueprint

bp = Blueprint("matching", __name__)

from web.matching import admin_profile, routes  # noqa: E402,F401
