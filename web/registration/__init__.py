"""Registration pages: what a coordinator records during a case, what closing still needs, the printable plan."""

from web.registration import routes  # noqa: F401  (registers the routes)
from web.registration.blueprint import bp

__all__ = ["bp"]
