"""Satisfaction questionnaires: the coordinator's links, QR codes, sheet and results; the public form pages."""

from web.questionnaires import public, routes  # noqa: F401  (registers the routes)
from web.questionnaires.blueprint import bp

__all__ = ["bp"]
