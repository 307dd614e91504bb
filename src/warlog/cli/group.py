"""How the ``warlog`` command behaves as a whole, beyond any one subcommand: the order ``--help``
lists the commands in, how flags read there, and what happens when the reader of a pipe goes away.

All three live in one Typer group subclass (``cls=`` on every ``typer.Typer`` of the CLI) because
that is the one place click consults for each of them; the commands themselves stay unaware.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup, TyperOption

# The order a user meets the commands in: put reports in, look at what came out, get it out,
# then run it as a service, look after it, and measure it. Commands not named here follow, in the
# order they were registered, so a new command is listed rather than lost.
COMMAND_ORDER = (
    "ingest", "extract", "documents", "events", "incidents", "actors", "network", "export",
    "sources", "serve", "watch", "check", "gazetteer", "eval",
)  # fmt: skip


def _without_flag_metavars(params: list) -> list:
    """Flags take no value, yet Typer 0.29's rich help shows ``<bool>`` beside every one of them
    (``--help`` included): an empty metavar makes it show nothing there, as plain click does."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class WarlogGroup(TyperGroup):
    """The command group of ``warlog`` and of its sub-apps (``gazetteer``, ``sources``)."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        registered = list(self.commands)
        ordered = [name for name in COMMAND_ORDER if name in self.commands]
        return ordered + [name for name in registered if name not in ordered]

    def get_command(self, ctx: typer.Context, cmd_name: str):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _without_flag_metavars(command.get_params(ctx))
        return command

    def get_params(self, ctx: typer.Context) -> list:
        return _without_flag_metavars(super().get_params(ctx))

    def invoke(self, ctx: typer.Context):
        """Run the command; when the reader of standard output has gone (``warlog events | head -1``),
        stop quietly: the reader has what it wanted, which is no error (exit 0, nothing on stderr).

        The pending output is flushed here, inside the guard, so the broken pipe cannot surface later
        as "Exception ignored ... BrokenPipeError" at interpreter shutdown; standard output is then
        pointed at /dev/null so nothing else written to it (Python's own final flush) can fail.
        """
        status = 0
        try:
            try:
                return super().invoke(ctx)
            except typer.Exit as stop:  # keep its status (1: inputs rejected) past a broken pipe
                status = stop.exit_code
                raise
            finally:
                if sys.stdout is not None:  # None when started with standard output closed (>&-)
                    sys.stdout.flush()
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            raise typer.Exit(status) from None
