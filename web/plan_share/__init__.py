"""The plan to everyone (issue #16): the plan as a PDF, sent per person by link and one-time code; the case's
list of links with revoking; the public page /plan/<token> that asks for the code."""

from web.plan_share import public, routes  # noqa: F401  (registers the routes)
from web.plan_share.blueprint import bp

__all__ = ["bp"]
