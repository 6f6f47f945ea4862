"""The `registration` blueprint, apart from its package so that its route modules import it without a cycle."""

from flask import Blueprint

from workflow.registration.schema import MEETING

bp = Blueprint("registration", __name__)


@bp.context_processor
def schema_fields() -> dict:
    """The meeting's fields as the schema describes them, for the pages that show a held meeting."""
    return {"meeting_fields": MEETING}
