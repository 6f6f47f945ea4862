"""The `today` blueprint, apart from its package so that its route modules import it without a cycle."""

from flask import Blueprint

bp = Blueprint("today", __name__)
