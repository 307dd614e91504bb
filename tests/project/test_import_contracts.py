"""Import contracts: every import inside warlog runs down the layers, never up.

Every module of ``src/warlog`` is parsed with ``ast`` (no import is executed) and each of its
``import``/``from ... import`` statements, wherever it stands (module top, inside a function, under
``TYPE_CHECKING``), becomes an edge of the import graph. ``LAYERS`` below is the one table of the
layer order, lowest first; a module may import its own layer (sideways) or any layer below it.

The order, and why:

* ground: what every layer shares and that imports no other layer: the package root
  (``__version__``), the data models, settings, the knowledge loader (``knowledge``: the one way to
  read ``warlog/data``), ``geometry`` (the one great-circle distance and "LAT,LON" parser),
  ``quantities`` (figures in text), ``months`` (month names), ``spans``, the cache-file helper and
  interrupt handling.
* ingest: reading, decoding and cleaning documents.
* nlp: the spaCy wrapper and its coarse-tags component (read only ground).
* resolve: actors, places, dates, transliteration. Resolve does not import extract: extraction
  calls resolution, not the other way round (``placing``, which reads parse trees, is extract's).
* extract: events out of one document.
* fuse: incidents, relations, sources, credibility over many documents' events.
* store: persistence. The direction between fuse and store is store -> fuse: the store persists
  what fusion computes (``store.fusion`` runs ``warlog.fuse``, ``store.repository`` reads the
  source registry); fusion itself never touches the store.
* scale: running extraction over many documents (backends, chunks).
* pipeline: ingest -> extract -> store, using scale.
* export: ACLED CSV, GeoJSON, JSONL, Parquet writers.
* evaluation: the gold-standard evaluation (``evaluate``, ``evaluation_*``).
* watch: feeds, folders, alerts.
* web: the HTTP API and pages.
* cli: the command line; nothing but the entry point ``__main__`` imports it.
* entry: ``python -m warlog``.

Beyond the order two contracts are named on their own, so a failure says which: nothing outside
cli (and the entry point) imports ``warlog.cli``; nothing outside web and cli imports
``warlog.web``. And the ground floor's single definitions stay single: ``haversine_km`` is defined
in ``geometry`` only, the Earth radius is written there only, and only ``knowledge`` names the
``warlog.data`` package.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest
from repo_paths import REPOSITORY

SRC = REPOSITORY / "src"
PACKAGE = SRC / "warlog"

# The one table of the layer order, lowest first: (layer, the modules or packages it holds).
# A name covers the module itself and everything below it ("warlog.store" is all of store/).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ground", ("warlog", "warlog.models", "warlog.settings", "warlog.knowledge", "warlog.geometry", "warlog.months",
                "warlog.quantities", "warlog.spans", "warlog.words", "warlog.cache_files", "warlog.interrupts",
                "warlog.data")),
    ("ingest", ("warlog.ingest",)),
    ("nlp", ("warlog.nlp", "warlog.coarse_tags")),
    ("resolve", ("warlog.resolve",)),
    ("extract", ("warlog.extract",)),
    ("fuse", ("warlog.fuse",)),
    ("store", ("warlog.store",)),
    ("scale", ("warlog.scale",)),
    ("pipeline", ("warlog.pipeline",)),
    ("export", ("warlog.export",)),
    ("evaluation", ("warlog.evaluate", "warlog.evaluation_blame", "warlog.evaluation_gate", "warlog.evaluation_places",
                    "warlog.evaluation_refs", "warlog.evaluation_runner")),
    ("watch", ("warlog.watch",)),
    ("web", ("warlog.web",)),
    ("cli", ("warlog.cli",)),
    ("entry", ("warlog.__main__",)),
)  # fmt: skip

# Imports that break a rule today and are kept knowingly: (importer, imported, reason). Empty now;
# an entry that is no longer needed fails the test, so the list only shrinks.
ALLOWED: tuple[tuple[str, str, str], ...] = ()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The warlog modules one statement imports (``from pkg import sub`` names ``pkg.sub``)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in _modules() else base for alias in node.names]
    return sorted({name for name in names if name == "warlog" or name.startswith("warlog.")})


@cache
def _edges() -> tuple[tuple[str, str, int], ...]:
    """(importer, imported, line) for every import of a warlog module by a warlog module."""
    edges = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges.extend((module, target, node.lineno) for target in _imported(module, path, node))
    return tuple(edges)


def _layer(module: str) -> tuple[int, str]:
    """(rank, layer name) of the most specific entry of LAYERS that covers ``module``."""
    best: tuple[int, int, str] | None = None
    for rank, (name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rank, name)
    assert best is not None, f"{module} is in no layer of LAYERS"
    return best[1], best[2]


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _breaks(rule) -> list[str]:
    """The edges breaking ``rule(importer, imported)``, less the allowed ones, as readable lines."""
    allowed = {(a, b) for a, b, _ in ALLOWED}
    return [
        f"{importer} (line {line}) imports {imported}"
        for importer, imported, line in _edges()
        if rule(importer, imported) and (importer, imported) not in allowed
    ]


def test_the_graph_is_read():
    """A parser that finds nothing passes every rule: make sure the graph is the real one."""
    edges = {(a, b) for a, b, _ in _edges()}
    assert len(_modules()) > 100
    assert ("warlog.store.fusion", "warlog.fuse.credibility") in edges
    assert ("warlog.extract.components", "warlog.extract.placing") in edges
    assert ("warlog.fuse.incidents", "warlog.geometry") in edges


def test_every_module_has_a_layer():
    """A new top-level module or package must be placed in LAYERS (the ground floor is no default)."""
    unplaced = []
    for module in _modules():
        if module == "warlog":
            continue
        covering = [p for _, prefixes in LAYERS for p in prefixes if p != "warlog" and _in(module, p)]
        if not covering:
            unplaced.append(module)
    assert not unplaced, f"modules in no layer of LAYERS: {unplaced}"


def test_imports_run_down_the_layers():
    broken = _breaks(lambda importer, imported: _layer(imported)[0] > _layer(importer)[0])
    assert not broken, "imports up the layers (see LAYERS):\n" + "\n".join(
        f"{line}  [{_layer(line.split()[0])[1]} -> {_layer(line.split()[-1])[1]}]" for line in broken
    )


def test_the_ground_floor_imports_no_other_layer():
    broken = _breaks(lambda importer, imported: _layer(importer)[1] == "ground" and _layer(imported)[1] != "ground")
    assert not broken, "\n".join(broken)


def test_nothing_outside_cli_imports_cli():
    broken = _breaks(
        lambda importer, imported: _in(imported, "warlog.cli")
        and not (_in(importer, "warlog.cli") or importer == "warlog.__main__")
    )
    assert not broken, "\n".join(broken)


def test_nothing_outside_web_and_cli_imports_web():
    broken = _breaks(
        lambda importer, imported: _in(imported, "warlog.web")
        and not any(_in(importer, p) for p in ("warlog.web", "warlog.cli"))
    )
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize(
    ("lower", "higher"),
    [("warlog.resolve", "warlog.extract"), ("warlog.fuse", "warlog.store"), ("warlog.ingest", "warlog.extract")],
)
def test_named_directions(lower, higher):
    """The directions the architecture issue names: resolve, fuse and ingest never import upwards."""
    broken = _breaks(lambda importer, imported: _in(importer, lower) and _in(imported, higher))
    assert not broken, "\n".join(broken)


def test_allowed_entries_are_still_needed():
    edges = {(a, b) for a, b, _ in _edges()}
    stale = [(a, b) for a, b, _ in ALLOWED if (a, b) not in edges or _layer(b)[0] <= _layer(a)[0]]
    assert not stale, f"allow-list entries no longer needed: {stale}"


def _definitions(name: str) -> list[str]:
    found = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                found.append(module)
    return found


def test_one_haversine_and_one_earth_radius():
    assert _definitions("haversine_km") == ["warlog.geometry"]
    radius = [m for m, p in _modules().items() if "6371" in p.read_text(encoding="utf-8")]
    assert radius == ["warlog.geometry"]


def test_one_lat_lon_parser():
    assert _definitions("parse_lat_lon") == ["warlog.geometry"]


def test_only_the_knowledge_loader_reads_the_data_package():
    readers = []
    for module, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == "warlog.data":
                readers.append(module)
    assert readers == ["warlog.knowledge"]
