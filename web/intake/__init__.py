"""Blueprint 'intake' (filled in by its own module)."""
from flask import Blueprint

bp = Blueprint("intake", __name__)
