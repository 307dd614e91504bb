"""What a user expects of the command line beyond its data: closed pipes, ``--version``, export to
standard output, ``--help`` in task order, tables that keep ids whole (TSV through a pipe), no
spinner in logs, and a word when the default store is empty.

Everything runs the real ``warlog`` in a subprocess against a real store filled by ``warlog ingest``
from the example reports and the incident reports of eval/ (enough rows that a pipe closes early).
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from repo_paths import REPOSITORY

REPORTS = [REPOSITORY / "examples" / "reports", REPOSITORY / "eval" / "incidents" / "reports.jsonl"]
WARLOG = [sys.executable, "-m", "warlog"]
# Rich's switches that would make a pipe look like a terminal; the tests choose for themselves.
_TERMINAL_SWITCHES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "COLUMNS", "WARLOG_DB")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SPINNER = re.compile("[\u2800-\u28ff]")  # rich's spinner frames are braille characters


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _TERMINAL_SWITCHES}
    return {**env, **extra}


def warlog(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*WARLOG, *args], capture_output=True, env=env or environment(), timeout=600, check=False)


def on_terminal(*args: str, columns: int = 80, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run warlog with standard output on a pseudo-terminal ``columns`` wide: (exit code, what the
    terminal showed without colour codes, stderr)."""
    master, slave = os.openpty()
    process = subprocess.Popen([*WARLOG, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE,
                               env={**(env or environment()), "COLUMNS": str(columns)})  # fmt: skip
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stderr = process.stderr.read().decode()
    process.wait(timeout=600)
    return process.returncode, ANSI.sub("", shown.decode("utf-8", "replace")), stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> dict:
    """A store ingested by ``warlog ingest`` with stderr going to a log file, as a cron job's would."""
    folder = tmp_path_factory.mktemp("usability")
    db = str(folder / "store.db")
    log = folder / "ingest.log"
    with log.open("wb") as handle:
        done = subprocess.run([*WARLOG, "ingest", *map(str, REPORTS), "--db", db], stdout=subprocess.DEVNULL,
                              stderr=handle, env=environment(), timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, log.read_text()
    events = [json.loads(line) for line in warlog("events", "--db", db, "--format", "jsonl").stdout.splitlines()]
    incidents = [json.loads(line) for line in warlog("incidents", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert len(events) >= 40 and len(incidents) >= 10
    return {"db": db, "log": log.read_text(encoding="utf-8"), "events": events, "incidents": incidents}


def pipeline(command: str, reader: str, folder: Path) -> tuple[int, str, str]:
    """``warlog COMMAND | READER`` in bash: warlog's own exit status, what the reader printed, warlog's stderr."""
    err = folder / "stderr.txt"
    script = (f"{shlex.join(WARLOG)} {command} 2>{shlex.quote(str(err))} | {reader} >{shlex.quote(str(folder / 'out'))}"
              '; exit "${PIPESTATUS[0]}"')  # fmt: skip
    done = subprocess.run(["bash", "-o", "pipefail", "-c", script], env=environment(), timeout=600, check=False)
    return done.returncode, (folder / "out").read_text(encoding="utf-8", errors="replace"), err.read_text()


CLOSED_PIPE_COMMANDS = [
    "events", "events --format csv", "events --format jsonl", "incidents", "incidents --format jsonl", "documents",
    "actors", "export --format jsonl", "export --format geojson", "export --format acled-csv -o -",
    "export --format parquet", "network --format json",
]  # fmt: skip


@pytest.mark.parametrize("command", CLOSED_PIPE_COMMANDS)
def test_a_closed_pipe_ends_the_command_quietly(store, tmp_path, command):
    # `true` has exited before warlog writes a byte: every write meets a closed pipe, deterministically.
    status, _, stderr = pipeline(f"{command} --db {shlex.quote(store['db'])}", "true", tmp_path)
    assert (status, stderr) == (0, "")


@pytest.mark.parametrize("command", ["events --format jsonl", "events --format csv", "export --format geojson"])
def test_head_gets_its_line_and_warlog_exits_0(store, tmp_path, command):
    status, shown, stderr = pipeline(f"{command} --db {shlex.quote(store['db'])}", "head -1", tmp_path)
    assert (status, stderr) == (0, "")
    assert shown.count("\n") == 1 and shown.strip()


def test_extract_into_a_closed_pipe(tmp_path):
    status, _, stderr = pipeline(f"extract {shlex.quote(str(REPORTS[0]))}", "true", tmp_path)
    assert (status, stderr) == (0, "")


def test_a_command_started_with_stdout_closed_still_runs(store):
    done = subprocess.run(["bash", "-c", f"{shlex.join(WARLOG)} check --db {shlex.quote(store['db'])} >&-"],
                          capture_output=True, env=environment(), timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode().startswith("ok: ")


def test_version():
    done = warlog("--version")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode() == f"warlog {version('warlog')}\n"


def test_export_writes_to_standard_output_without_o(store):
    plain = warlog("export", "--db", store["db"], "--format", "jsonl")
    dashed = warlog("export", "--db", store["db"], "--format", "jsonl", "-o", "-")
    assert plain.returncode == dashed.returncode == 0, plain.stderr.decode()
    assert plain.stdout == dashed.stdout
    rows = [json.loads(line) for line in plain.stdout.decode().splitlines()]  # the data alone: every line parses
    assert [row["id"] for row in rows] == [event["id"] for event in store["events"]]
    assert plain.stderr.decode() == f"{len(rows)} events written to standard output (jsonl)\n"


def test_geojson_to_standard_output_says_what_the_map_leaves_out(store):
    done = warlog("export", "--db", store["db"], "--format", "geojson")
    assert done.returncode == 0, done.stderr.decode()
    features = json.loads(done.stdout)["features"]
    located = [e for e in store["events"] if (e.get("location") or {}).get("latitude") is not None
               and e["location"].get("longitude") is not None]  # fmt: skip
    total, missing = len(store["events"]), len(store["events"]) - len(located)
    assert len(features) == len(located) and missing > 0  # the store holds events without coordinates
    assert f"{missing} of {total} events have no coordinates and are not in the GeoJSON" in done.stderr.decode()


def test_parquet_goes_to_a_pipe_but_not_to_a_terminal(store):
    import pyarrow.parquet as pq

    piped = warlog("export", "--db", store["db"], "--format", "parquet")
    assert piped.returncode == 0, piped.stderr.decode()
    assert pq.read_table(io.BytesIO(piped.stdout)).num_rows == len(store["events"])
    status, shown, stderr = on_terminal("export", "--db", store["db"], "--format", "parquet")
    assert status == 2 and "-o FILE" in stderr
    assert "PAR1" not in shown


EXPECTED_ORDER = ["ingest", "extract", "documents", "events", "incidents", "actors", "network", "export",
                  "sources", "serve", "watch", "check", "gazetteer", "eval"]  # fmt: skip


def test_help_lists_the_commands_in_task_order():
    done = warlog("--help", env=environment(COLUMNS="200"))
    assert done.returncode == 0
    panel = done.stdout.decode().split("Commands")[1]
    listed = re.findall(r"^│ (\w+) ", panel, flags=re.MULTILINE)
    assert listed == EXPECTED_ORDER


@pytest.mark.parametrize("command", [[], *([name] for name in EXPECTED_ORDER if name != "gazetteer"),
                                     ["gazetteer"], ["gazetteer", "import"], ["sources", "set"]],
                         ids=lambda command: " ".join(command) or "warlog")  # fmt: skip
def test_help_shows_no_bool_metavar(command):
    done = warlog(*command, "--help", env=environment(COLUMNS="200"))
    assert done.returncode == 0, done.stderr.decode()
    assert "<bool>" not in done.stdout.decode()


def test_tables_through_a_pipe_are_tsv_with_whole_values(store):
    done = warlog("incidents", "--db", store["db"])
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert lines[0].split("\t") == ["id", "date", "type", "actor1", "actor2", "location", "killed", "reports",
                                    "indep.", "cred."]  # fmt: skip
    assert [line.split("\t")[0] for line in lines[1:]] == [incident["id"] for incident in store["incidents"]]
    assert all(len(line.split("\t")) == 10 for line in lines)
    assert "…" not in done.stdout.decode()
    events = warlog("events", "--db", store["db"]).stdout.decode().splitlines()
    assert [line.split("\t")[0] for line in events[1:]] == [event["id"] for event in store["events"]]
    assert [line.split("\t")[-1] for line in events[1:]] == [event["doc_id"] for event in store["events"]]


def test_document_titles_are_whole_through_a_pipe(store):
    listed = warlog("documents", "--db", store["db"]).stdout.decode().splitlines()
    stored = [json.loads(line) for line in warlog("documents", "--db", store["db"], "--format", "jsonl").stdout.splitlines()]
    titles = [line.split("\t")[4] for line in listed[1:]]
    assert titles == [" ".join((row.get("title") or "").split()) for row in stored]
    assert any(len(title) > 60 for title in titles)  # the table used to cut them at 60 characters


def test_a_terminal_table_fits_the_window_and_keeps_ids_whole(store):
    status, shown, _ = on_terminal("incidents", "--db", store["db"], columns=80)
    assert status == 0
    assert max(len(line) for line in shown.splitlines()) <= 80
    for incident in store["incidents"]:
        assert incident["id"] in shown
    assert "inc-…" not in shown
    assert "not shown, the terminal is too narrow" in shown  # and it says which columns it left out
    status, wide, _ = on_terminal("incidents", "--db", store["db"], columns=200)
    assert status == 0 and "indep." in wide and "not shown" not in wide


def test_ingest_logs_carry_no_spinner(store):
    log = store["log"]
    assert " added, " in log  # the summary, a real message, is there
    assert "\x1b[" not in log and not SPINNER.search(log)


def test_the_default_store_when_empty_or_missing(tmp_path):
    env = environment(XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    default = tmp_path / "data" / "warlog" / "warlog.db"
    for command in ("events", "documents", "incidents"):
        done = warlog(command, env=env)
        assert done.returncode == 0 and done.stdout == b""
        message = done.stderr.decode()
        assert message.count("\n") == 1 and str(default) in message and "--db" in message and "WARLOG_DB" in message
    assert not default.exists()  # reading did not create it
    assert warlog("check", env=env).returncode == 0  # check does create an empty store
    done = warlog("events", env=env)
    assert done.returncode == 0 and done.stdout == b"" and "holds no documents" in done.stderr.decode()
    # an explicit store is read as asked, with nothing said
    explicit = warlog("events", "--db", str(default), env=env)
    assert (explicit.returncode, explicit.stderr) == (0, b"")
