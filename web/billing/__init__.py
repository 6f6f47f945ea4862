"""Money pages under /financien (bureau only): funders, contracts, invoices and their documents."""

from web.billing import routes  # noqa: F401  (registers the routes)
from web.billing.blueprint import bp

__all__ = ["bp"]
