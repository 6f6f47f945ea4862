"""Retention on the case page: when a closed case's personal data goes, and the regiomanager's one extension."""

from web.retention import routes  # noqa: F401  (registers the routes)
from web.retention.blueprint import bp

__all__ = ["bp"]
