"""Case pages: the regiomanager's inbox and list, the coordinator's cases, the case page and its actions."""

from web.cases import aftercare, routes, search  # noqa: F401  (registers the routes)
from web.cases.blueprint import bp

__all__ = ["bp"]
