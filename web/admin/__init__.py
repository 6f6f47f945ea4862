"""The national office's admin pages (beheer): users, the coordinator pool, regions and municipalities."""

from web.admin import inzage, mail, routes, timings  # noqa: F401  (registers the routes)
from web.admin.blueprint import bp

__all__ = ["bp"]
