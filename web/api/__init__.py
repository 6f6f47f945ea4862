"""Blueprint 'api' (filled in by its own module)."""
from flask import Blueprint

bp = Blueprint("api", __name__)
