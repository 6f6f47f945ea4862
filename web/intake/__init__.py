"""The public intake page: a main person or family member applies without logging in."""

from web.intake import routes  # noqa: F401  (registers the routes)
from web.intake.blueprint import bp

__all__ = ["bp"]
