"""Template filters that word the system's facts for people."""

from __future__ import annotations

import pytest

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
