"""The `api` blueprint, apart from its package so that its route modules import it without a cycle."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import IntegerConverter

from web.api.tokens import MAX_ID

bp = Blueprint("api", __name__)
ID = "row_id"  # the converter of ids in the API's paths: <row_id:case_id>


class RowIdConverter(IntegerConverter):
    """Any digits match, and an id beyond the range of ids is the id of no row (-1): so an unknown id answers
    404 for every method its route has. (A converter that refuses it makes werkzeug answer 405 for PATCH.)"""

    def to_python(self, value: str) -> int:
        return int(value) if len(value) <= len(str(MAX_ID)) and int(value) <= MAX_ID else -1


@bp.record_once
def _add_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters[ID] = RowIdConverter  # before the routes below it are added
