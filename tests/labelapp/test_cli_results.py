"""``labelapp results backfill`` keeps the validated results of earlier approvals, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlalchemy import select

from labelapp import create_app
from labelapp.cli import main
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import IndicatorResult
from labelapp.models import SectionResult
from labelapp.services import validated_results
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import approved
from tests.labelapp.services.factories import manager_account


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path) -> dict[str, str]:
    config = settings_for_tests(tmp_path / "instance", DATABASE_URL=empty_database_url)
    return {key: str(value) for key, value in config.items()}


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _in_app(env: dict[str, str], step):
    app = create_app(dict(env))
    try:
        with app.app_context():
            result = step(db_session())
            db_session().commit()
            return result
    finally:
        get_database(app).engine.dispose()


def _rows(session, model=SectionResult) -> dict[int, int]:
    """Rows per assessment."""
    found = session.execute(select(model.assessment_id, func.count()).group_by(model.assessment_id))
    return {assessment_id: rows for assessment_id, rows in found}


def test_backfill_stores_what_is_missing_once_and_is_safe_to_rerun(cli_env):
    assert run(cli_env, "init").exit_code == 0

    def approvals(session):
        owner = manager_account(session, "owner@example.org")
        kept = approved(session, owner)
        validated_results.store(session, kept)  # approved after results were kept
        return kept.id, [approved(session, owner).id, approved(session, owner).id]

    kept, earlier = _in_app(cli_env, approvals)
    sections = _in_app(cli_env, lambda s: _rows(s)[kept])
    indicators = _in_app(cli_env, lambda s: _rows(s, IndicatorResult)[kept])
    first = run(cli_env, "results", "backfill")
    assert first.exit_code == 0, first.output
    assert "2 assessment(s) backfilled" in first.output
    assert all(f"assessment {i} " in first.output for i in earlier)
    assert f"assessment {kept} " not in first.output
    again = run(cli_env, "results", "backfill")
    assert again.exit_code == 0, again.output
    assert "0 assessment(s) backfilled" in again.output
    assert _in_app(cli_env, _rows) == {i: sections for i in [kept, *earlier]}
    by_indicator = _in_app(cli_env, lambda s: _rows(s, IndicatorResult))
    assert by_indicator == {i: indicators for i in [kept, *earlier]}


def test_backfill_needs_a_migrated_database(cli_env):
    result = run(cli_env, "results", "backfill")
    assert result.exit_code == 1
    assert "run `labelapp init`" in result.output
