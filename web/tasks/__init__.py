"""The task list: reminders whose moment has come, and recording a follow-up call as done."""

from flask import Blueprint

bp = Blueprint("tasks", __name__)

from web.tasks import routes  # noqa: E402,F401
