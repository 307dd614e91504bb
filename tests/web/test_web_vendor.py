"""The web app's files ship inside the package, and its committed vendor files are what the lockfile builds.

A user's `pip install .` has no Node: the browser libraries must come inside the wheel and the sdist
(issue 14: a blank page when they did not). The committed copies must not drift from
``web/package-lock.json``: when ``web/node_modules`` is installed (``scripts/install.sh --dev`` does it;
under CI it must be there) ``web/build.mjs`` builds again into a temporary folder and every file must
be byte-identical.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from repo_paths import REPOSITORY

STATIC = REPOSITORY / "src" / "warlog" / "web" / "static"
VENDOR = STATIC / "vendor"
WEB = REPOSITORY / "web"


def _referenced_static_files() -> set[str]:
    """Every /static/... path the page or its modules load (index.html links, JS imports and URLs)."""
    names = set(re.findall(r'"/static/([^"?#]+)"', (STATIC / "index.html").read_text(encoding="utf-8")))
    for module in (STATIC / "js").glob("*.js"):
        source = module.read_text(encoding="utf-8")
        names |= set(re.findall(r'"/static/([^"?#]+)"', source))
        names |= {f"js/{name}" for name in re.findall(r'from "\./([^"]+\.js)"', source)}
    return names


def _tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_every_file_the_page_loads_is_in_the_source_tree():
    referenced = _referenced_static_files()
    assert {"vendor/leaflet.js", "vendor/cytoscape.min.js", "vendor/countries-50m.json", "js/main.js"} <= referenced
    missing = sorted(name for name in referenced if not (STATIC / name).is_file())
    assert not missing, f"the page loads files that are not in src/warlog/web/static: {missing}"


def test_committed_vendor_files_equal_a_fresh_build_from_the_lockfile(tmp_path):
    if not (WEB / "node_modules").is_dir() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("web/node_modules is missing under CI: scripts/install.sh --dev runs npm ci in web/")
        pytest.skip("web/node_modules not installed (bash scripts/install.sh --dev)")
    out = tmp_path / "vendor"
    subprocess.run(["node", "build.mjs"], cwd=WEB, env={**os.environ, "WARLOG_VENDOR_OUT": str(out)},
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    assert _tree(out) == _tree(VENDOR), "vendor files added or removed: run bash scripts/build-web.sh and commit"
    _, mismatch, errors = filecmp.cmpfiles(out, VENDOR, _tree(out), shallow=False)
    assert not mismatch and not errors, f"committed vendor files differ from the lockfile's build: {mismatch}"


def _build_distributions(out: Path) -> tuple[Path, Path]:
    """The wheel and the sdist, built as a user's pip builds them (PEP 517, isolated build environment)."""
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(REPOSITORY)],
                   check=True, capture_output=True, text=True, timeout=600)  # fmt: skip
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


def test_wheel_and_sdist_carry_the_whole_web_app(tmp_path):
    wanted = {f"warlog/web/static/{name}" for name in _referenced_static_files()}
    wheel, sdist = _build_distributions(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert not wanted - in_wheel, f"missing from the wheel: {sorted(wanted - in_wheel)}"
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in wanted:
        assert f"src/{name}" in in_sdist, f"missing from the sdist: src/{name}"
    assert "web/package-lock.json" in in_sdist and "web/build.mjs" in in_sdist, "the sdist can rebuild the vendor files"
