"""Streamed downloads give their database connection back when they end."""

from __future__ import annotations

import pytest

from labelapp import create_app
from labelapp.db import Base
from labelapp.db import db_session
from labelapp.db import get_database
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import issued
from tests.labelapp.services.factories import manager_account


@pytest.fixture
def pooled_app(empty_database_url, tmp_path):
    """The app on its own database with the default connection pool (5 + 10 overflow)."""
    app = create_app(
        settings_for_tests(
            tmp_path,
            DATABASE_URL=empty_database_url,
            LABELAPP_LOOKUP_RATE_LIMIT="10000 per minute",
        )
    )
    engine = get_database(app).engine
    Base.metadata.create_all(engine)
    with app.app_context():
        owner = manager_account(db_session(), "owner@example.org")
        for number in range(3):
            issued(db_session(), owner, name=f"Cluster {number}")
        db_session().commit()
    yield app
    engine.dispose()


def test_300_registry_csv_downloads_return_every_connection(pooled_app):
    pool = get_database(pooled_app).engine.pool
    client = pooled_app.test_client()
    for _ in range(300):
        response = client.get("/registry.csv")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("/verify/") == 3
        response.close()
        assert pool.checkedout() == 0
    assert client.get("/registry").status_code == 200
    assert client.get("/api/v1/registry").status_code == 200
