"""``python -m warlog`` runs the command line."""

from warlog.cli import app

app()
