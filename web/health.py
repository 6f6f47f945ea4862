"""`GET /health` for the reverse proxy or load balancer: public, no case data, and it asks the database."""

from flask import Blueprint, jsonify

from storage.engine import database_answers
from web.context import db

bp = Blueprint("health", __name__)
DATABASE_DOWN = "De database antwoordt niet; Kring kan nu niets tonen of opslaan."


@bp.route("/health")
def health():
    """200 {"status": "ok"} when the database answers `SELECT 1`; 503 with a Dutch message when not."""
    if database_answers(db()):
        answer, status = jsonify({"status": "ok"}), 200
    else:
        answer, status = jsonify({"status": "unavailable", "message": DATABASE_DOWN}), 503
    answer.headers["Cache-Control"] = "no-store"  # a proxy must ask again, never answer from a cache
    return answer, status
