"""Blueprint 'api' (filled in by its own module)."""

from web.api import budget, contracts, invoices, matching, registrations, reminders, reports, routes  # noqa: F401  (registers the routes)
from web.api.blueprint import bp

__all__ = ["bp"]
