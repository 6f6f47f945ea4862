"""Registration pages: what a coordinator records during a case, what closing still needs, the printable plan."""

from flask import Blueprint

from workflow.registration.schema import MEETING

bp = Blueprint("registration", __name__)


@bp.context_processor
def schema_fields() -> dict:
    """The meeting's fields as the schema describes them, for the pages that show a held meeting."""
    return {"meeting_fields": MEETING}


from web.registration import routes  # noqa: E402,F401
