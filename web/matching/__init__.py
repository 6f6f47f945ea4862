"""Matching pages: the regiomanager's ranked list and offers, the coordinator's profile and answers,
and the admin's weights."""

from web.matching import admin_profile, routes  # noqa: F401  (registers the routes)
from web.matching.blueprint import bp

__all__ = ["bp"]
