"""Helpers for manager page tests: an organisation with an assessment, through the pages."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from labelapp.db import db_session
from tests.fixtures.app import submit
from tests.labelapp.services import factories

PROFILE = {
    "name": "Łódzki Klaster ICT",
    "country": "PL",
    "ecosystem": "digital",
    "region": "Łódzkie",
    "website": "https://klaster.example",
    "sectors": "ICT, software",
    "year_founded": "2008",
    "member_firms": "40",
    "member_smes": "30",
    "member_research": "5",
    "staff_fte": "2.5",
    "description": "",
}
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def publish_criteria(app) -> None:
    with app.app_context():
        factories.publish_criteria(db_session())
        db_session().commit()


def create_organisation(client: FlaskClient, **changes: object) -> str:
    """Register an organisation through the form; returns its page's path."""
    response = submit(client, "/organisations/new", {**PROFILE, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def start_assessment(client: FlaskClient, organisation_path: str) -> str:
    """Start an assessment through the button; returns the overview's path."""
    response = submit(client, f"{organisation_path}/assessments", {}, form_url=organisation_path)
    assert response.status_code == 302
    return response.headers["Location"]


def row_version(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="row_version" type="hidden" value="(\d+)"', page).group(1)
