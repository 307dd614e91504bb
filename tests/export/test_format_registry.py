"""The output format registry (``export/formats.py``) is the one declaration of the output formats:
the CLI's --format choices, the API's format patterns, the downloads' suffixes and Content-Types
all come from it, and no other module names a format."""

from __future__ import annotations

import ast
import io
import warnings

import pytest
import typer.main
from repo_paths import REPOSITORY
from typer.testing import CliRunner

from warlog.cli import app
from warlog.export import exporter_for
from warlog.export.formats import (
    EVENT_FORMATS,
    EXPORT_FORMATS,
    FORMATS,
    NETWORK_FORMATS,
    load_exporter,
    output_format,
    pattern,
    write_network,
)
from warlog.models import Actor, Relation
from warlog.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from warlog.web.api import create_app

SRC = REPOSITORY / "src" / "warlog"
RELATION = Relation(id="r1", relation="clashes_with", basis="event", source=Actor(name="A", id="a"),
                    target=Actor(name="B"), status="asserted", first_date=None, last_date=None, count=1,
                    doc_ids=["d"], claimants=[], evidence=[])  # fmt: skip


def _choices(command: str) -> list[str]:
    option = next(p for p in typer.main.get_command(app).commands[command].params if p.name == "format")
    return [member.value for member in option.type_descriptor.annotation]


def test_the_cli_choices_are_the_registry():
    assert _choices("export") == list(EXPORT_FORMATS)
    assert _choices("network") == list(NETWORK_FORMATS)
    assert set(EXPORT_FORMATS) == set(EVENT_FORMATS) | (set(NETWORK_FORMATS) - {"json"})
    refused = CliRunner().invoke(app, ["export", "--format", "xlsx"])
    assert refused.exit_code == 2 and "acled-csv" in refused.output


def test_the_api_patterns_suffixes_and_media_types_are_the_registry(tmp_path):
    db = str(tmp_path / "w.db")
    with TestClient(create_app(db, Settings(db_url=db))) as client:
        schema = client.get("/openapi.json").json()

        def format_pattern(route: str) -> str:
            [parameter] = [p for p in schema["paths"][route]["get"]["parameters"] if p["name"] == "format"]
            return parameter["schema"]["pattern"]

        assert format_pattern("/api/export") == pattern(EVENT_FORMATS)
        assert format_pattern("/api/network") == pattern(NETWORK_FORMATS)
        for fmt in FORMATS:
            route = "/api/export" if fmt.kind == "events" else "/api/network"
            response = client.get(route, params={"format": fmt.name})
            assert response.status_code == 200, fmt.name
            assert response.headers["content-type"].split(";")[0] == fmt.media_type.split(";")[0], fmt.name
            if fmt.name != "json":
                assert response.headers["content-disposition"].endswith(f'{fmt.suffix}"'), fmt.name
        assert client.get("/api/export", params={"format": "gexf"}).status_code == 422  # a network format


def test_every_format_has_its_writer():
    for fmt in FORMATS:
        if fmt.kind == "events":
            sink = io.BytesIO()
            assert load_exporter(fmt).write([], sink, {}) == 0
            assert type(exporter_for(fmt.name)) is type(load_exporter(fmt))
        else:
            text = io.StringIO()
            write_network([RELATION], fmt.name, text)
            assert "clashes_with" in text.getvalue()
    with pytest.raises(ValueError, match="unknown network format 'parquet'"):
        output_format("parquet", "network")


def test_no_other_module_names_a_format():
    """The names that only formats are called (not "json"/"jsonl", which listings use too) appear as
    string constants in the registry alone."""
    names = set(EXPORT_FORMATS) - {"jsonl"}
    naming = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                naming.setdefault(node.value, set()).add(path.relative_to(SRC).as_posix())
    xml_roots = {"graphml", "gexf"}  # fuse/network.py's root elements share the formats' names
    assert naming == {name: {"export/formats.py"} | ({"fuse/network.py"} if name in xml_roots else set())
                      for name in names}  # fmt: skip
