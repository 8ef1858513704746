"""``labelapp init`` makes a development issuer key; ``labelapp certificates`` repairs
missed issues and records expiries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlalchemy import select

from labelapp import create_app
from labelapp.certificates.signing import check_signature
from labelapp.cli import main
from labelapp.config import load_config
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.models import Certificate
from labelapp.models import Role
from labelapp.models import StoredFile
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services import certificates
from labelapp.services.actor import SYSTEM
from labelapp.settings import certificate_settings
from labelapp.web.settings import issuing
from labelapp.web.settings import settings
from tests.fixtures.app import settings_for_tests
from tests.labelapp.services.factories import approved


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


def _manager(session) -> User:
    return accounts.create_user(
        session,
        email=f"manager{session.scalar(select(func.count()).select_from(User))}@example.org",
        display_name="Manager",
        role=Role.MANAGER,
        password="correct horse battery",
        passwords=settings().passwords,
    )


def test_init_creates_a_development_key_pair_only_when_none_is_configured(cli_env, tmp_path):
    env = {**cli_env, "LABELAPP_SIGNING_KEY": "", "LABELAPP_SIGNING_CERT": ""}
    first = run(env, "init")
    assert first.exit_code == 0, first.output
    assert "self-signed development issuer key" in first.output
    keys = tmp_path / "instance" / "signing"
    key_bytes = (keys / "issuer-key.pem").read_bytes()
    assert (keys / "issuer-key.pem").stat().st_mode & 0o077 == 0  # private to its owner
    assert run(env, "init").exit_code == 0
    assert (keys / "issuer-key.pem").read_bytes() == key_bytes  # kept, never replaced

    # Certificates issued afterwards are signed with that pair.
    def issue(session):
        owner = _manager(session)
        certificate = certificates.issue(session, SYSTEM, approved(session, owner), issuing())
        return session.get(StoredFile, certificate.pdf_key).content

    pdf = _in_app(env, issue)
    config = settings_for_tests(tmp_path / "instance", LABELAPP_SIGNING_KEY="")
    config["LABELAPP_SIGNING_CERT"] = ""
    pair = certificates.signing_pair(certificate_settings(load_config(config, environ={})))
    assert check_signature(pdf, pair).genuine


def test_init_refuses_an_unreadable_configured_key_in_one_line(cli_env, tmp_path):
    bad = tmp_path / "key.pem"
    bad.write_text("not a key")
    result = run({**cli_env, "LABELAPP_SIGNING_KEY": str(bad)}, "init")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: issuer key:")


def test_issue_pending_issues_what_is_missing_and_is_safe_to_rerun(cli_env):
    assert run(cli_env, "init").exit_code == 0

    def lose_two(session):
        owner = _manager(session)
        return [approved(session, owner).id, approved(session, owner).id]

    ids = _in_app(cli_env, lose_two)
    first = run(cli_env, "certificates", "issue-pending")
    assert first.exit_code == 0, first.output
    assert "2 certificate(s) issued" in first.output
    again = run(cli_env, "certificates", "issue-pending")
    assert "0 certificate(s) issued" in again.output
    held = _in_app(cli_env, lambda s: sorted(s.scalars(select(Certificate.assessment_id)).all()))
    assert held == ids


def test_expire_records_expiries_and_lists_labels_expiring_soon(cli_env):
    assert run(cli_env, "init").exit_code == 0

    def two(session):
        owner = _manager(session)
        old = certificates.issue(
            session, SYSTEM, approved(session, owner), issuing(), on=date(2023, 5, 1)
        )
        soon = certificates.issue(
            session, SYSTEM, approved(session, owner), issuing(), on=date(2024, 12, 1)
        )
        return old.number, soon.number

    old, soon = _in_app(cli_env, two)
    result = run(cli_env, "certificates", "expire", "--on", "2026-11-25", "--within", "30")
    assert result.exit_code == 0, result.output
    assert f"expired   {old}" in result.output and f"expiring  {soon}" in result.output
    assert "1 expiry(ies) recorded; 1 label(s) expire within 30 days" in result.output
    again = run(cli_env, "certificates", "expire", "--on", "2026-11-25")
    assert "0 expiry(ies) recorded" in again.output


@pytest.mark.parametrize("args", [["--on", "25/11/2026"], ["--within", "-3"]])
def test_expire_refuses_bad_options_in_one_line(cli_env, args):
    result = run(cli_env, "certificates", "expire", *args)
    assert result.exit_code == 2
    assert "Error:" in result.output


def test_init_in_production_needs_a_configured_issuer_key(cli_env):
    env = {
        **cli_env,
        "LABELAPP_ENV": "production",
        "LABELAPP_SIGNING_KEY": "",
        "LABELAPP_SIGNING_CERT": "",
    }
    result = run(env, "init")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: set LABELAPP_SIGNING_KEY and LABELAPP_SIGNING_CERT")
