"""Pages keep their element ids unique, so labels and ARIA references point at one thing."""

from __future__ import annotations

import re
from collections import Counter

from tests.labelapp.blueprints.manager_helpers import create_organisation
from tests.labelapp.blueprints.manager_helpers import publish_criteria
from tests.labelapp.blueprints.manager_helpers import start_assessment

ID = re.compile(r'\sid="([^"]+)"')


def _duplicates(html: str) -> list[str]:
    return [name for name, count in Counter(ID.findall(html)).items() if count > 1]


def test_manager_pages_with_several_forms_have_unique_ids(app, client, login_as, manager):
    publish_criteria(app)
    login_as(manager)
    organisation = create_organisation(client)
    overview = start_assessment(client, organisation)
    for path in (
        organisation,
        overview,
        f"{overview}/sections/leadership",
        f"{overview}/indicators/structure",
        "/account/password",
    ):
        assert _duplicates(client.get(path).get_data(as_text=True)) == [], path
