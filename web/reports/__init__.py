"""The reports page (/rapportage): the yearly figures with filters, charts, drill-down and downloads."""

from web.reports import routes, trend  # noqa: F401  (registers the routes)
from web.reports.blueprint import bp

__all__ = ["bp"]
