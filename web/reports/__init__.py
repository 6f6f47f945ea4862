"""The reports page (/rapportage): the yearly figures with filters, charts, drill-down and downloads."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from web.reports import routes  # noqa: E402,F401
