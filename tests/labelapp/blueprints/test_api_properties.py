"""A property-based run over the whole public API, driven by its OpenAPI document
(schemathesis): whatever the generated paths and queries, no answer is a server error,
every status is one the document gives, and every body and header matches it."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from schemathesis.checks import negative_data_rejection
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation.modes import GenerationMode

from labelapp.db import db_session
from labelapp.web.openapi import document
from tests.labelapp.services.factories import change_status
from tests.labelapp.services.factories import issued

OPERATION_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _labels(app, manager, admin) -> list[str]:
    """Labels to find: a revoked bronze one and a valid silver one."""
    with app.app_context():
        numbers = [
            issued(db_session(), db_session().merge(manager), level).number
            for level in ("bronze", "silver")
        ]
        db_session().commit()
    change_status(app, admin, numbers[0], "revoke", "Misused.")
    return numbers


# Checked: no server error, every status and media type documented, bodies and headers
# as the schemas say, and (with positive data) that what the document allows is
# accepted. Left out, for reasons the document cannot express:
# - acceptance on the operations taking a certificate number: a number of the right
#   shape with a wrong check letter (ISO 7064) is refused with the documented 400;
# - rejection of data outside the schemas: the registry forgives what people type
#   (spaces around a code, a page given as "01"), as its page does.
FORGIVING = [negative_data_rejection]


def _excluded(path: str) -> list:
    return [*FORGIVING, *([positive_data_acceptance] if "{number}" in path else [])]


def test_the_api_answers_as_its_document_says(app, manager, admin):
    _labels(app, manager, admin)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Every operation but the document itself (served and checked in test_openapi.py).
    assert {operation.path for operation in operations} == set(document()["paths"]) - {
        "/openapi.json"
    }
    for operation in operations:
        _run(operation, GenerationMode.POSITIVE)
        # Data outside the schemas exists only where a parameter is constrained: the
        # registry's query (a path parameter is any string).
        if any(p["in"] == "query" for p in _parameters(operation.path)):
            _run(operation, GenerationMode.NEGATIVE)


def _parameters(path: str) -> list[dict]:
    return list(document()["paths"][path]["get"].get("parameters", []))


def _run(operation, mode: GenerationMode) -> None:
    excluded = _excluded(operation.path)

    @given(case=operation.as_strategy(mode))
    @OPERATION_SETTINGS
    def answers_as_documented(case):
        case.call_and_validate(excluded_checks=excluded)

    answers_as_documented()
