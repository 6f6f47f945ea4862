"""Vandaag: every role's home page (what is due, waiting, coming up and late), and the personal calendar feed."""

from web.today import calendar, routes  # noqa: F401  (registers the routes)
from web.today.blueprint import bp

__all__ = ["bp"]
