"""The OpenAPI document describes the API exactly: every API route is in it and every
path in it is a route; its schemas are valid JSON Schema; it is served with an ETag;
and the suite's checker (tests/fixtures/openapi.py) refuses an answer that strays."""

from __future__ import annotations

import json
import re

import pytest
from flask import Response
from jsonschema import Draft202012Validator
from werkzeug.test import EnvironBuilder
from werkzeug.test import TestResponse

from labelapp.web.openapi import document
from tests.fixtures.openapi import UndocumentedAnswer
from tests.fixtures.openapi import check_api_response


def test_every_api_route_is_described_and_nothing_else(app):
    routes = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert routes == set(document()["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            assert rule.methods is not None and rule.methods - {"HEAD", "OPTIONS"} == {"GET"}


def test_the_schemas_are_valid_json_schema():
    for schema in document()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises, naming the fault
    assert document()["openapi"] == "3.1.0"


def test_the_document_is_served_with_an_etag(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == json.loads(json.dumps(document()))
    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def _answer(status: int, body: object) -> TestResponse:
    request = EnvironBuilder(path="/api/v1/registry").get_request()
    response = Response(json.dumps(body), status=status, mimetype="application/json")
    return TestResponse(response.response, response.status, response.headers, request=request)


PAGE = {"items": [], "page": 1, "per_page": 50, "total": 0, "pages": 0, "next": None,
        "previous": None}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (200, {**PAGE, "extra": 1}, "Additional properties"),
        (200, {**PAGE, "page": 0}, "less than the minimum"),
        (404, {"error": {"status": 404, "title": "x", "message": "y"}}, "not documented"),
        (400, {"message": "bad"}, "'error' is a required property"),
    ],
)
def test_the_checker_refuses_an_answer_the_document_does_not_describe(status, body, problem):
    with pytest.raises(UndocumentedAnswer, match=problem):
        check_api_response("GET", "/api/v1/registry", _answer(status, body))
    check_api_response("GET", "/api/v1/registry", _answer(200, PAGE))  # the real shape passes


def test_the_reference_page_lists_every_operation(client):
    page = client.get("/api?lang=de").get_data(as_text=True)
    assert "<h1>Öffentliche API</h1>" in page
    for path in document()["paths"]:
        assert f"<code>GET /api/v1{path}</code>" in page
    assert 'href="/api/v1/openapi.json"' in page
