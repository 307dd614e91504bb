"""Shared fixtures: database URLs for the store tests, on SQLite and on a real PostgreSQL server.

PostgreSQL tests need ``WARLOG_TEST_PG_URL`` (start a throwaway server with
``export WARLOG_TEST_PG_URL="$(scripts/pg-server.sh start)"``). Each test gets its own freshly
created database, dropped afterwards. Without the variable the PostgreSQL cases are skipped,
except under CI (``CI`` set), where a silently skipped backend would be a lie, so they fail.

Tests on the shared data (``../shared`` or ``$WARLOG_SHARED``) take the ``shared`` fixture (the
folder's Path) and/or carry ``@pytest.mark.shared("corpus/seeds", ...)`` naming what they read under
it; ``pytest_runtest_setup`` below skips them when the folder or a named path is absent, under CI
too (the shared data is not part of a clone). ``-m "not shared"`` leaves them out.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from shared_data import SHARED_ENV, shared_root
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from warlog.models import Actor, Document, Event, Evidence, Location, Plover, Weapon
from warlog.store.engine import database_url
from warlog.store.integrity import default_text_hash

PG_URL_ENV = "WARLOG_TEST_PG_URL"


# ------------------------------------------------------------------------------ the shared data


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the ``shared`` fixture (directly or through another fixture) is marked
    ``shared``, so that ``-m "not shared"`` leaves it out and the setup hook checks the folder."""
    for item in items:
        if "shared" in getattr(item, "fixturenames", ()) and item.get_closest_marker("shared") is None:
            item.add_marker(pytest.mark.shared)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a ``shared`` test when the shared folder, or a path its marker names under it, is absent."""
    markers = list(item.iter_markers("shared"))
    if not markers:
        return
    root = shared_root()
    if not root.is_dir():
        pytest.skip(f"shared data folder {root} is absent (set {SHARED_ENV} to use another)")
    missing = [name for marker in markers for name in marker.args if not (root / name).exists()]
    if missing:
        pytest.skip(f"shared data {', '.join(missing)} absent under {root}")


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder (``../shared`` or ``$WARLOG_SHARED``); tests that take it are skipped
    when it is absent (see ``pytest_runtest_setup``)."""
    root = shared_root()
    if not root.is_dir():  # only reached when a fixture is set up outside a marked test
        pytest.skip(f"shared data folder {root} is absent (set {SHARED_ENV} to use another)")
    return root


@pytest.fixture(scope="session")
def pg_admin_engine() -> Iterator[Engine]:
    """An autocommit connection to the server named by WARLOG_TEST_PG_URL, for CREATE/DROP DATABASE."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        message = (
            f"{PG_URL_ENV} is not set: PostgreSQL tests need a real server "
            f'(export {PG_URL_ENV}="$(scripts/pg-server.sh start)")'
        )
        if os.environ.get("CI"):
            pytest.fail(message + " -- CI must not skip PostgreSQL", pytrace=False)
        pytest.skip(message)
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - report any connection failure the same way
        pytest.fail(f"cannot connect to {PG_URL_ENV}={url}: {error}", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin_engine: Engine) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = f"t_{uuid.uuid4().hex}"
    with pg_admin_engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(os.environ[PG_URL_ENV]).set(database=name)
    yield url.render_as_string(hide_password=False)
    with pg_admin_engine.connect() as connection:
        # FORCE ends connections a failed test may have left open (PostgreSQL 13+).
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A database URL for each backend: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store" / "warlog.db")
    return request.getfixturevalue("pg_url")


# ------------------------------------------------------------------------------ sample records

SampleBatch = list[tuple[Document, list[Event]]]


def _document(doc_id: str, body: str, **metadata) -> Document:
    return Document(
        id=doc_id,
        text=body,
        origin=f"fixtures/{doc_id}.txt",
        content_hash=default_text_hash()(body),
        minhash=[(hash_seed * 2654435761) % 4294967291 for hash_seed in range(1, 9 + len(doc_id))],
        **metadata,
    )


def _event(doc: Document, suffix: str, evidence: str, **fields) -> Event:
    start = doc.text.index(evidence)
    return Event(
        id=f"{doc.id}-{suffix}",
        doc_id=doc.id,
        evidence=Evidence(text=evidence, start=start, end=start + len(evidence)),
        **fields,
    )


def _sample_batch() -> SampleBatch:
    kharkiv = _document(
        "ua-kharkiv-0510",
        "KHARKIV, 10 May 2024. Russian forces shelled a residential district of Kharkiv on Friday, "
        "killing two civilians and wounding nine, the regional governor said.",
        title="Shelling hits Kharkiv district",
        publisher="Example Wire",
        published="2024-05-10",
        language="en",
        removed=["Share this article"],
        metadata_sources={"published": "dateline"},
    )
    kyiv = _document(
        "ua-kyiv-0512",
        "Air defences shot down twenty Shahed drones over Kyiv overnight on 12 May 2024, the Ukrainian "
        "air force said. Debris damaged two houses.",
        title="Drones downed over Kyiv",
        publisher="Example Daily",
        published="2024-05-12",
        language="en",
    )
    segou = _document(
        "ml-segou-0303",
        "Fighters of JNIM clashed with Malian soldiers near Ségou on 3 March 2024. The group claimed "
        "it killed twelve soldiers. Shops in the market were looted the same week.",
        title="Clashes near Ségou",
        author="A. Reporter",
        url="https://news.example.org/mali/segou-clash",
        published="2024-03-04",
        language="en",
    )
    fasher = _document(
        "sd-fasher-0614",
        "Residents said RSF fighters abducted eight people from a camp in El Fasher on 14 June 2024.",
        publisher="Example Radio",
        language="en",
        duplicate_of="ua-kyiv-0512",  # nonsense pairing, only to check the column round-trips
        duplicate_kind="near",
    )
    fiji = _document(
        "fj-rabi-1102",
        "Police arrested four men after a protest turned violent on Rabi Island on 2 November 2023.",
        language="en",
    )
    russia = Actor(name="Military Forces of Russia", type="state forces", mention="Russian forces")
    ukraine = Actor(name="Military Forces of Ukraine", type="state forces", mention="Air defences")
    return [
        (
            kharkiv,
            [
                _event(
                    kharkiv,
                    "e1",
                    "Russian forces shelled a residential district of Kharkiv on Friday",
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack",
                    plover=Plover(event="ASSAULT", mode="artillery"),
                    date="2024-05-10",
                    time_precision=1,
                    actor1=russia,
                    actor2=Actor(name="Civilians (Ukraine)", type="civilians"),
                    location=Location(
                        name="Kharkiv",
                        country="UA",
                        admin1="Kharkiv",
                        latitude=49.9935,
                        longitude=36.2304,
                        geo_precision=1,
                        geonameid=706483,
                    ),
                    fatalities=2,
                    injured=9,
                    status="reported",
                    confidence=0.8,
                ),
            ],
        ),
        (
            kyiv,
            [
                _event(
                    kyiv,
                    "e1",
                    "Air defences shot down twenty Shahed drones over Kyiv",
                    event_type="Strategic developments",
                    sub_event_type="Disrupted weapons use",
                    plover=Plover(event="ASSAULT"),
                    date="2024-05-12",
                    time_precision=1,
                    actor1=ukraine,
                    actor2=russia,
                    location=Location(
                        name="Kyiv",
                        country="UA",
                        admin1="Kyiv City",
                        latitude=50.4501,
                        longitude=30.5234,
                        geo_precision=1,
                        geonameid=703448,
                    ),
                    weapons=[Weapon(name="Shahed-136", category="drone", mention="Shahed drones")],
                    status="asserted",
                    confidence=0.9,
                ),
            ],
        ),
        (
            segou,
            [
                _event(
                    segou,
                    "e1",
                    "Fighters of JNIM clashed with Malian soldiers near Ségou",
                    event_type="Battles",
                    sub_event_type="Armed clash",
                    plover=Plover(event="FIGHT"),
                    date="2024-03-03",
                    time_precision=1,
                    actor1=Actor(
                        name="JNIM: Group for Support of Islam and Muslims",
                        type="rebel group",
                        mention="JNIM",
                    ),
                    actor2=Actor(name="Military Forces of Mali", type="state forces"),
                    location=Location(
                        name="Ségou",
                        country="ML",
                        admin1="Ségou",
                        latitude=13.4317,
                        longitude=-6.2157,
                        geo_precision=2,
                    ),
                    fatalities=12,
                    status="claimed",
                    claimant=Actor(name="JNIM: Group for Support of Islam and Muslims"),
                    confidence=0.6,
                ),
                _event(
                    segou,
                    "e2",
                    "Shops in the market were looted the same week",
                    event_type="Strategic developments",
                    sub_event_type="Looting/property destruction",
                    plover=Plover(event="COERCE"),
                    date=None,
                    location=Location(
                        name="Ségou", country="ML", latitude=13.4317, longitude=-6.2157, geo_precision=2
                    ),
                    status="reported",
                    confidence=0.4,
                ),
            ],
        ),
        (
            fasher,
            [
                _event(
                    fasher,
                    "e1",
                    "RSF fighters abducted eight people from a camp in El Fasher",
                    event_type="Violence against civilians",
                    sub_event_type="Abduction/forced disappearance",
                    plover=Plover(event="COERCE", mode="abduct"),
                    date="2024-06-14",
                    time_precision=1,
                    actor1=Actor(name="Rapid Support Forces", type="rebel group", mention="RSF fighters"),
                    actor2=Actor(name="Civilians (Sudan)", type="civilians"),
                    location=Location(
                        name="El Fasher",
                        country="SD",
                        admin1="North Darfur",
                        latitude=13.6279,
                        longitude=25.3494,
                        geo_precision=1,
                    ),
                    status="alleged",
                    confidence=0.5,
                ),
            ],
        ),
        (
            fiji,
            [
                _event(
                    fiji,
                    "e1",
                    "Police arrested four men after a protest turned violent on Rabi Island",
                    event_type="Riots",
                    sub_event_type="Violent demonstration",
                    plover=Plover(event="PROTEST"),
                    date="2023-11-02",
                    time_precision=1,
                    actor1=Actor(name="Rioters (Fiji)", type="rioters"),
                    actor2=Actor(name="Police Forces of Fiji", type="state forces"),
                    location=Location(
                        name="Rabi Island", country="FJ", latitude=-16.47, longitude=179.98, geo_precision=2
                    ),
                    arrested=4,
                    status="asserted",
                    confidence=0.7,
                ),
            ],
        ),
    ]


@pytest.fixture
def sample_batch() -> SampleBatch:
    """Five small documents (Ukraine, Mali, Sudan, Fiji) with six events, written for these tests."""
    return _sample_batch()


# ------------------------------------------------------------------------------ hypothesis profiles
# The property tests run spaCy, which is slow: "warlog" (the default, used by CI) keeps each property
# to a modest number of examples with no per-example deadline; HYPOTHESIS_PROFILE=thorough searches
# harder when hunting a bug.
settings.register_profile(
    "warlog", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("thorough", parent=settings.get_profile("warlog"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "warlog"))
