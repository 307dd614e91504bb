"""Where the repository's folders are, for the tests in every folder under ``tests/`` and for ``bench/``.

The tests mirror the package (``tests/extract/`` for ``src/warlog/extract/``, ...); the helpers
(this module, ``conftest.py``, ``shared_data.py``, ``reports_store.py``, ...) stay in ``tests/``,
which pytest puts on ``sys.path`` (``pythonpath`` in pyproject.toml). Test modules are imported by
their file name, so a file name is used once in the whole tree.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPOSITORY = TESTS.parent
FIXTURES = TESTS / "fixtures"
