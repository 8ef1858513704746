"""Fixtures the admin pages' tests share."""

from __future__ import annotations

import pytest

from labelapp.db import db_session
from labelapp.services import workflow
from tests.fixtures.users import login
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import complete_assessment
from tests.labelapp.services.factories import publish_criteria


@pytest.fixture
def as_admin(app, admin):
    client = app.test_client()
    assert login(client, admin.email).status_code == 302
    return client


@pytest.fixture
def submitted_pair(app, manager) -> tuple[int, int]:
    """A complete assessment submitted by its manager: its id and its organisation's."""
    with app.app_context():
        publish_criteria(db_session())
        owner = db_session().merge(manager)
        assessment = complete_assessment(db_session(), owner)
        workflow.submit_assessment(db_session(), actor(owner), assessment, None)
        db_session().commit()
        return assessment.id, assessment.organisation_id
