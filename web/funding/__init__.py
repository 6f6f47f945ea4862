"""Funding on the case page: which contract pays (regiomanager and bureau), and the cases nobody pays for."""

from web.funding import routes  # noqa: F401  (registers the routes)
from web.funding.blueprint import bp

__all__ = ["bp"]
