"""The README stays true: its tour prints what warlog prints today, and every path it names exists.

When a tour output changes for a good reason, ``.venv/bin/python tests/readme_tour.py --write``
writes today's output back; the diff is then reviewed like any other change.
"""

from __future__ import annotations

import difflib
import re

import pytest
from readme_tour import README, REPOSITORY, run_tour, tour_blocks

TEXT = README.read_text(encoding="utf-8")
# Paths inside the repository as the README writes them (in backticks, links or commands).
REPO_PATH = re.compile(r"(?<![\w./-])((?:docs|src|eval|examples|scripts|bench|web|tests)/[\w./*-]*[\w*])")


def test_the_tour_prints_what_the_readme_shows():
    assert len(tour_blocks(TEXT)) >= 1, "the README has a tour (console blocks)"
    for step, output in run_tour(TEXT):
        if output != step.shown:
            diff = "\n".join(difflib.unified_diff(step.shown.splitlines(), output.splitlines(), "README", "today",
                                                  lineterm=""))  # fmt: skip
            pytest.fail(f"README tour drifted at `$ {step.command}`:\n{diff}\n"
                        "(if the change is right: .venv/bin/python tests/readme_tour.py --write)")


def test_every_repository_path_the_readme_names_exists():
    named = sorted(set(REPO_PATH.findall(TEXT)))
    assert len(named) > 10
    missing = [path for path in named if not any(REPOSITORY.glob(path.rstrip("/")))]
    assert not missing, f"README names paths the repository does not have: {missing}"


def test_the_readme_sends_users_to_nothing_they_do_not_have():
    assert "shared project folder" not in TEXT
    measured = TEXT.index("## Measured")
    early = [line for line in TEXT[:measured].splitlines() if "../shared" in line]
    assert not early, f"before 'Measured', the README points users to ../shared: {early}"
    assert "warlog-demo.db" in TEXT and "--db" in TEXT
