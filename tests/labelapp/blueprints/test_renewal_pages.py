"""Renewing a label through the pages, and its history on the verification page and
in the registry."""

from __future__ import annotations

from datetime import timedelta

from labelapp.db import db_session
from labelapp.models import Assessment
from labelapp.models import Certificate
from labelapp.models import CertificateStatus
from labelapp.services import certificates
from tests.fixtures.app import submit
from tests.fixtures.users import login
from tests.labelapp.services.factories import issued


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_a_manager_renews_the_label_from_the_organisation_page(app, manager):
    with app.app_context():
        label = issued(db_session(), db_session().merge(manager), "silver")
        label.valid_until = certificates.today() - timedelta(days=30)  # expired, in grace
        db_session().commit()
        slug, number = label.organisation.slug, label.number
    client = _client(app, manager)
    page = client.get(f"/organisations/{slug}").get_data(as_text=True)
    assert "Renew the label" in page and "continues the label's history" in page
    started = submit(
        client, f"/organisations/{slug}/renewal", {}, form_url=f"/organisations/{slug}"
    )
    assert started.status_code == 302
    with app.app_context():
        renewal = db_session().query(Assessment).order_by(Assessment.id.desc()).first()
        assert renewal.renews_id is not None
        renewal_id = renewal.id
    overview = client.get(f"/assessments/{renewal_id}").get_data(as_text=True)
    assert f"Renewal of label {number}" in overview


def test_a_label_past_its_grace_window_renews_afresh_and_a_revoked_one_not_at_all(app, manager):
    with app.app_context():
        label = issued(db_session(), db_session().merge(manager), "silver")
        label.valid_until = certificates.today() - timedelta(days=400)
        db_session().commit()
        slug, label_id = label.organisation.slug, label.id
    client = _client(app, manager)
    page = client.get(f"/organisations/{slug}").get_data(as_text=True)
    assert "so the new label starts a new history" in page
    with app.app_context():
        db_session().get(Certificate, label_id).status = CertificateStatus.REVOKED
        db_session().commit()
    page = client.get(f"/organisations/{slug}").get_data(as_text=True)
    assert "Renew the label" not in page
    refused = submit(
        client, f"/organisations/{slug}/renewal", {}, form_url=f"/organisations/{slug}"
    )
    assert refused.status_code == 404


def test_the_history_shows_on_the_verification_page_and_in_the_registry(app, manager):
    with app.app_context():
        owner = db_session().merge(manager)
        first = issued(db_session(), owner, "bronze")
        second = issued(db_session(), owner, "silver", first.organisation)
        second.continues_id = first.id
        second.earlier_labels = f'[{{"number": "{first.number}", "level": "bronze", "year": 2025}}]'
        db_session().commit()
        number, year = second.number, second.issued_on.year
    anyone = app.test_client()
    page = anyone.get(f"/verify/{number}").get_data(as_text=True)
    assert f"Bronze 2025 → Silver {year}" in page
    registry = anyone.get("/registry").get_data(as_text=True)
    assert f"History: Bronze 2025 → Silver {year}" in registry
    german = anyone.get(f"/verify/{number}?lang=de").get_data(as_text=True)
    assert f"Bronze 2025 → Silber {year}" in german


def test_a_renewal_across_versions_lists_every_change_since_the_label(app, manager):
    with app.app_context():
        label = issued(db_session(), db_session().merge(manager), "silver")
        label.criteria_version = "2025.1"  # as if labelled on the earlier version
        db_session().commit()
        slug, number = label.organisation.slug, label.number
    client = _client(app, manager)
    home = f"/organisations/{slug}"
    started = submit(client, f"{home}/renewal", {}, form_url=home)
    overview = client.get(started.headers["Location"]).get_data(as_text=True)
    assert f"Renewal of label {number}" in overview
    assert "The criteria changed from version 2025.1 to 2026.1 since that label:" in overview
    assert "Version 2026.1" in overview and "New criterion strategy-twin-transition" in overview
