"""Every page of the journey answers in English, German and French without a server error.

For each role, the crawl follows every link the pages show (same site, GET only) from
the role's start page, in each language, and checks each page's status and language.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from labelapp.db import db_session
from labelapp.models import Role
from labelapp.services import workflow
from tests.fixtures.users import login
from tests.labelapp.services.factories import actor
from tests.labelapp.services.factories import answer_everything
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import make_organisation
from tests.labelapp.services.factories import start

LANGUAGES = ("en", "de", "fr")
_LINK = re.compile(r'href="([^"#]+)')
# Links that end a session or only serve files (checked elsewhere).
_SKIP = re.compile(r"/(logout|static/)|\.(pdf|svg|json|csv)$|/files?/|/evidence/")
_LIMIT = 80


def _crawl(client: FlaskClient, start: str, language: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < _LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path + ("&" if "?" in path else "?") + f"lang={language}")
        seen[path] = response.status_code
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        if response.status_code == 200:
            assert f'<html lang="{language}">' in html, path
        for href in _LINK.findall(html):
            target = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if target.netloc or _SKIP.search(target.path):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            link = re.sub(r"[?&]lang=\w+", "", link)
            if link not in seen:
                queue.append(link)
    return seen


@pytest.fixture
def journey(app, make_user):
    """A manager with a labelled organisation and a submitted assessment, an assessor
    and an admin."""
    manager = make_user(Role.MANAGER)
    make_user(Role.ASSESSOR, email="assessor@crawl.example")
    make_user(Role.ADMIN, email="admin@crawl.example")
    with app.app_context():
        session = db_session()
        owner = session.merge(manager)
        issued(session, owner, "gold", name="Klaster Sprachen", country="DE")
        organisation = make_organisation(session, owner, name="Cluster Langues", country="FR")
        submitted = answer_everything(session, owner, start(session, owner, organisation))
        workflow.submit_assessment(session, actor(owner), submitted, None)
        session.commit()
    return {Role.MANAGER: manager.email}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("role", "home"),
    [
        (None, "/"),
        (Role.MANAGER, "/organisations"),
        (Role.ASSESSOR, "/review"),
        (Role.ADMIN, "/admin/users"),
    ],
)
def test_every_page_answers_in_every_language(app, journey, role, home, language):
    client = app.test_client()
    emails = {
        Role.MANAGER: journey[Role.MANAGER],
        Role.ASSESSOR: "assessor@crawl.example",
        Role.ADMIN: "admin@crawl.example",
    }
    if role is not None:
        assert login(client, emails[role]).status_code == 302
    seen = _crawl(client, home, language)
    errors = {path: status for path, status in seen.items() if status >= 500}
    assert not errors, errors
    assert len(seen) >= 3, seen  # the crawl found the pages, not just its start
    assert all(status < 500 for status in seen.values())
