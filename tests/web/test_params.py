"""web/params.py: the API's filter and paging parameters, validated before any query.

Called directly (the checks the module makes itself) and through a two-route app that declares
them as FastAPI dependencies (the constraints it declares: patterns, bounds, enumerations), with
no store behind: nothing here reaches SQL.
"""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient

from warlog.knowledge import load_yaml
from warlog.models import STATUSES
from warlog.store.filters import EventFilter
from warlog.web.params import DEFAULT_PAGE, MAX_OFFSET, MAX_PAGE, Page, event_filter, invalid, page

SUB_TYPES = load_yaml("acled_types.yaml")["sub_event_types"]


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()

    @app.get("/filter")
    def filtered(flt: Annotated[EventFilter, Depends(event_filter)]) -> dict:
        return {**flt.__dict__, "near": list(flt.near) if flt.near else None}

    @app.get("/page")
    def paged(window: Annotated[Page, Depends(page)]) -> dict:
        return {"limit": window.limit, "offset": window.offset}

    return TestClient(app)


def query(client: TestClient, **params):
    response = client.get("/filter", params=params)
    return response.status_code, response.json()


# ---------------------------------------------------------------- the vocabularies


def _enumerated(client: TestClient, name: str) -> set[str]:
    """The values /openapi.json lists for one query parameter of the filter route."""
    schema = client.app.openapi()
    (parameter,) = [p for p in schema["paths"]["/filter"]["get"]["parameters"] if p["name"] == name]
    ref = next(option["$ref"] for option in parameter["schema"]["anyOf"] if "$ref" in option)
    return set(schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["enum"])


def test_the_vocabulary_enumerations_are_the_data_files_values(client):
    assert _enumerated(client, "sub_type") == set(SUB_TYPES)
    assert _enumerated(client, "type") == {kind["event_type"] for kind in SUB_TYPES.values()}
    assert _enumerated(client, "status") == set(STATUSES)


def test_a_vocabulary_typo_is_a_422_that_lists_the_allowed_values(client):
    code, body = query(client, type="Batles")
    assert code == 422
    (error,) = body["detail"]
    assert error["loc"] == ["query", "type"] and "'Battles'" in error["msg"]
    assert query(client, type="Battles") == (200, {**EventFilter(type="Battles").__dict__, "near": None})
    assert query(client, sub_type="Air/drone strike")[1]["sub_type"] == "Air/drone strike"
    assert query(client, status="claimed")[1]["status"] == "claimed"
    assert query(client, status="rumoured")[0] == 422


# ---------------------------------------------------------------- the filter


def test_the_filters_become_one_event_filter(client):
    code, body = query(
        client, since="2024-03", until="2024-03-31", type="Battles", sub_type="Armed clash", actor="SDF",
        country="SY", near="36.2, 37.16", radius_km=10.0, min_credibility="c3", status="reported",
    )  # fmt: skip
    expected = EventFilter(
        since="2024-03", until="2024-03-31", type="Battles", sub_type="Armed clash", actor="SDF", country="SY",
        status="reported", near=(36.2, 37.16), radius_km=10.0, min_credibility="C3",
    )  # fmt: skip
    assert code == 200 and body == {**expected.__dict__, "near": [36.2, 37.16]}


def test_the_radius_counts_only_around_a_point():
    assert event_filter(radius_km=50.0) == EventFilter()
    assert event_filter(near="36.2,37.16").radius_km == 25.0  # the default radius


@pytest.mark.parametrize("near", ["36.2", "36.2,37.1,4", "north,east", "91,37", "36,-180.5"])
def test_a_point_that_is_not_one_is_refused_with_the_value(client, near):
    code, body = query(client, near=near)
    assert code == 422
    (error,) = body["detail"]
    assert error["loc"] == ["query", "near"] and error["input"] == near and "near" in error["msg"]
    with pytest.raises(RequestValidationError):
        event_filter(near=near)


def test_points_on_the_edges_of_the_globe_are_points():
    assert event_filter(near="-90,180").near == (-90.0, 180.0)
    assert event_filter(near=" 36.2 , 37.16 ").near == (36.2, 37.16)


def test_a_calendar_impossible_date_is_a_422_naming_the_field(client):
    # The pattern lets 2024-02-30 through; the filter table's calendar check refuses it, as FastAPI's own 422.
    code, body = query(client, since="2024-02-30")
    assert code == 422
    assert body["detail"] == [
        {"type": "value_error", "loc": ["query", "since"], "msg": "since '2024-02-30' is not a date of the calendar",
         "input": "2024-02-30"}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "March 2024"}, "since"),
        ({"until": "2024-3-1"}, "until"),
        ({"country": "SYR"}, "country"),
        ({"min_credibility": "G3"}, "min_credibility"),
        ({"min_credibility": "C7"}, "min_credibility"),
        ({"radius_km": "0"}, "radius_km"),
        ({"radius_km": "20001"}, "radius_km"),
        ({"actor": "x" * 201}, "actor"),
    ],
)
def test_declared_constraints_refuse_bad_values_by_name(client, params, field):
    code, body = query(client, **params)
    assert code == 422
    assert [error["loc"] for error in body["detail"]] == [["query", field]]


def test_control_characters_in_an_actor_are_refused(client):
    for bad in ("SDF\x00", "S\x1fDF", "SDF\x7f"):
        code, body = query(client, actor=bad)
        assert code == 422 and body["detail"][0]["loc"] == ["query", "actor"]
    for good in ("SDF", "Hay'at Tahrir al-Sham", "قوات سوريا الديمقراطية", "Forces (Syria) – 2024"):
        assert query(client, actor=good) == (200, {**EventFilter(actor=good).__dict__, "near": None})
    assert query(client, actor="Hay'at Tahrir al-Sham")[1]["actor"] == "Hay'at Tahrir al-Sham"


def test_invalid_is_shaped_like_fastapis_own_422():
    assert invalid("near", "x", "bad").errors() == [
        {"type": "value_error", "loc": ("query", "near"), "msg": "bad", "input": "x"}
    ]
    assert invalid(None, None, "bad").errors()[0]["loc"] == ("query",)


# ---------------------------------------------------------------- paging


def test_paging_defaults_and_bounds(client):
    assert page() == Page(DEFAULT_PAGE, 0)
    assert client.get("/page").json() == {"limit": DEFAULT_PAGE, "offset": 0}
    assert client.get("/page", params={"limit": MAX_PAGE, "offset": MAX_OFFSET}).json() == {
        "limit": MAX_PAGE, "offset": MAX_OFFSET
    }  # fmt: skip
    for params in ({"limit": 0}, {"limit": MAX_PAGE + 1}, {"offset": -1}, {"offset": MAX_OFFSET + 1}):
        response = client.get("/page", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"] == ["query", next(iter(params))]
