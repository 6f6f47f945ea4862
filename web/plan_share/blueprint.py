"""The `plan_share` blueprint, apart from its package so that its route modules import it without a cycle."""

from flask import Blueprint

bp = Blueprint("plan_share", __name__)
