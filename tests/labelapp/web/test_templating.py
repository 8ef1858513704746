"""Template filters that word the system's facts for people."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from labelapp.db import db_session
from labelapp.web.templating import level_title
from tests.labelapp.services.factories import start

pytestmark = pytest.mark.usefixtures("ctx")


def test_a_level_reads_as_its_title_in_the_assessments_criteria(manager):
    assessment = start(db_session(), manager)
    assert level_title("gold", assessment) == "Gold — proven excellence"
    assert level_title("silver", assessment, short=True) == "Silver"
    assert level_title(None, assessment) == "none"
    assert level_title("platinum", assessment) == "platinum"  # unknown: as recorded


def test_a_level_reads_in_the_readers_language(app, manager):
    assessment = start(db_session(), manager)
    with app.test_request_context("/?lang=de"):
        refresh()
        assert level_title("gold", assessment) == "Gold — nachgewiesene Exzellenz"
        assert level_title("silver", assessment, short=True) == "Silber"
        assert level_title(None, assessment) == "keine"
    with app.test_request_context("/?lang=fr"):
        refresh()  # the test's app context outlives each request's; Babel keeps a locale there
        assert level_title("gold", assessment) == "Gold — excellence avérée"
