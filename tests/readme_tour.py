"""The README's tour, run for real: every ``$`` command of its ``console`` blocks and the output shown.

The README shows what a new user sees, so it must not drift from what warlog prints today (issue 14:
the tour's JSON line no longer matched). ``tests/project/test_readme.py`` runs the tour and compares;
``python tests/readme_tour.py --write`` runs it and writes today's output back into README.md.

How a block runs: the commands of all ``console`` blocks run in order, in one fresh folder that holds
links to the repository's ``examples/`` and ``eval/`` (so stores and exported files of the tour land
there), with the development venv's ``bin`` first on PATH, as after ``source .venv/bin/activate``.
Standard output goes to a pseudo-terminal 120 columns wide — what a user at a terminal sees, tables
drawn to its width — and standard error to the same stream after it; colours and cursor codes are
removed. Commands that need a server or run forever (serve, watch) are shown in ``sh`` blocks, not
``console`` ones, and are not run.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
README = REPOSITORY / "README.md"
COLUMNS = 120
BLOCK = re.compile(r"^```console\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")


@dataclass
class Step:
    command: str
    shown: str  # the output the README shows for it


def parse_steps(block: str) -> list[Step]:
    """``$ command`` lines (a trailing ``\\`` continues one) each followed by the output shown."""
    steps: list[Step] = []
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            raise ValueError(f"README console block: output before any command: {line!r}")
        command = [line[2:]]
        while command[-1].endswith("\\"):
            index += 1
            command.append(lines[index])
        index += 1
        shown: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            shown.append(lines[index])
            index += 1
        steps.append(Step("\n".join(command), "\n".join(shown)))
    return steps


def tour_blocks(text: str) -> list[re.Match]:
    return list(BLOCK.finditer(text))


def _clean(raw: bytes) -> str:
    text = ANSI.sub("", raw.decode("utf-8", errors="replace")).replace("\r\n", "\n")
    lines = [line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def run_command(command: str, folder: Path) -> str:
    """Standard output through a pty of COLUMNS columns, then standard error, cleaned."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
           "COLUMNS": str(COLUMNS), "LINES": "50", "NO_COLOR": "1", "TERM": "dumb"}  # fmt: skip
    for name in ("WARLOG_DB", "FORCE_COLOR"):
        env.pop(name, None)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(["bash", "-o", "pipefail", "-c", command], cwd=folder, env=env,
                                   stdin=subprocess.DEVNULL, stdout=follower, stderr=stderr)  # fmt: skip
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the pty closes when the last writer exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=600)
        os.close(leader)
        stderr.seek(0)
        error_text = stderr.read()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"README command failed ({process.returncode}): {command}\n{error_text.decode()}")
    return "\n".join(part for part in (_clean(b"".join(chunks)), _clean(error_text)) if part)


def tour_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="warlog-tour-"))
    for name in ("examples", "eval"):
        (folder / name).symlink_to(REPOSITORY / name)
    return folder


def run_tour(text: str) -> list[tuple[Step, str]]:
    """(step, what it prints today) for every command of the README's console blocks, in order."""
    folder = tour_folder()
    results = []
    for block in tour_blocks(text):
        for step in parse_steps(block.group(1)):
            results.append((step, run_command(step.command, folder)))
    return results


def rewrite(text: str) -> str:
    """README text with every console block's outputs replaced by today's."""
    folder = tour_folder()
    parts, last = [], 0
    for block in tour_blocks(text):
        lines = []
        for step in parse_steps(block.group(1)):
            output = run_command(step.command, folder)
            lines.append(f"$ {step.command}" + (f"\n{output}" if output else ""))
        parts += [text[last:block.start(1)], "\n".join(lines) + "\n"]
        last = block.end(1)
    return "".join(parts) + text[last:]


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"rewrote the tour outputs in {README}")
    else:
        for step, output in run_tour(README.read_text(encoding="utf-8")):
            print(f"$ {step.command}\n{output}")
