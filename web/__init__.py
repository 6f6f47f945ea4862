"""The web layer: the Flask app, its blueprints, and the `kring` command line."""
