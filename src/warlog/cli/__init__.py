"""The ``warlog`` command: parse options, call the pipeline, the store and the scorer, map errors to
messages and exit codes (SPEC section 2: 0 success, 1 some inputs rejected, 2 usage error).

This layer holds no logic of its own; everything it prints comes from records the stages return.
Commands live in one module per concern and register on the one Typer ``app`` when imported here.
"""

from __future__ import annotations

from warlog.cli import admin, outputs, reports  # noqa: F401 - importing registers the commands
from warlog.cli.common import app


def main() -> None:  # pragma: no cover - console entry point
    app()


__all__ = ["app", "main"]
