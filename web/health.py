"""`GET /health` for the reverse proxy or load balancer: public, no case data, and it asks the database."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from web.context import db

bp = Blueprint("health", __name__)
DATABASE_DOWN = "De database antwoordt niet; Kring kan nu niets tonen of opslaan."


@bp.route("/health")
def health():
    """200 {"status": "ok"} when the database answers `SELECT 1`; 503 with a Dutch message when not."""
    try:
        db().exec(text("SELECT 1")).one()
    except (SQLAlchemyError, OSError):
        db().rollback()
        return _no_store(jsonify({"status": "unavailable", "message": DATABASE_DOWN}), 503)
    return _no_store(jsonify({"status": "ok"}), 200)


def _no_store(response, status: int):
    response.headers["Cache-Control"] = "no-store"  # a proxy must ask again, never answer from a cache
    return response, status
