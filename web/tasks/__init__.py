"""The task list: reminders whose moment has come, and recording a follow-up call as done."""

from web.tasks import routes  # noqa: F401  (registers the routes)
from web.tasks.blueprint import bp

__all__ = ["bp"]
