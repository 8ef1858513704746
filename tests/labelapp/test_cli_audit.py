"""``labelapp audit verify`` finds an edited or deleted event."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from labelapp import create_app
from labelapp.cli import main
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.services import audit
from labelapp.services.actor import SYSTEM
from tests.fixtures.app import settings_for_tests


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    settings = settings_for_tests(tmp_path / "instance", DATABASE_URL=empty_database_url)
    env = {key: str(value) for key, value in settings.items()}
    assert CliRunner().invoke(main, ["init"], env=env).exit_code == 0
    app = create_app(dict(env))
    with app.app_context():
        for number in range(5):
            audit.record(db_session(), SYSTEM, "test.event", "thing", number)
        db_session().commit()
    get_database(app).engine.dispose()
    return env


def _sql(env: dict[str, str], statement: str) -> None:
    app = create_app(dict(env))
    with get_database(app).engine.begin() as connection:
        connection.execute(text(statement))
    get_database(app).engine.dispose()


def test_an_intact_log_verifies(cli_env):
    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env)
    assert result.exit_code == 0, result.output
    # init wrote 4 (three criteria versions published, the first administrator), the test 5
    assert "audit log intact: 9 events" in result.output


def test_an_edited_event_is_named(cli_env):
    _sql(cli_env, "UPDATE audit_event SET object_id = '99' WHERE sequence = 3")
    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env)
    assert result.exit_code == 1
    assert "broken at event 3: its content no longer matches its hash" in result.output


def test_a_deleted_event_is_named(cli_env):
    _sql(cli_env, "DELETE FROM audit_event WHERE sequence = 2")
    result = CliRunner().invoke(main, ["audit", "verify"], env=cli_env)
    assert result.exit_code == 1
    assert "broken at event 2: event 2 is missing" in result.output
