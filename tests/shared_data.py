"""Where the project's shared data lives: ``$WARLOG_SHARED``, else the ``shared`` folder beside the repository.

Tests do not check for it themselves: they take the ``shared`` fixture or carry
``@pytest.mark.shared("path/under/shared", ...)``, and the hook in ``conftest.py`` skips them when
the folder (or a path they name under it) is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_ENV = "WARLOG_SHARED"


def shared_root() -> Path:
    """``$WARLOG_SHARED`` if set, else ``../shared`` beside the repository (it may not exist)."""
    return Path(os.environ.get(SHARED_ENV) or Path(__file__).resolve().parents[1].parent / "shared")
