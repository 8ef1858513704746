"""``labelapp init`` and ``labelapp serve``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment import CriteriaError
from labelapp.certificates import load_pdf_stack
from labelapp.certificates.keys import SigningError
from labelapp.certificates.keys import create_development_pair
from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import fail_with_problems
from labelapp.cli.common import one_line
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.db import get_database
from labelapp.migrate import head_revision
from labelapp.migrate import upgrade_database
from labelapp.models import Role
from labelapp.models import User
from labelapp.services import accounts
from labelapp.services import audit
from labelapp.services import criteria as criteria_service
from labelapp.services.actor import SYSTEM
from labelapp.services.certificates import signing_pair
from labelapp.services.errors import ValidationFailed
from labelapp.services.passwords import PasswordSettings
from labelapp.settings import Settings
from labelapp.settings import settings_of


@click.command()
def init() -> None:
    """Migrate the database, publish the bundled criteria, create the first administrator."""
    app = build_app()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    settings = settings_of(app)
    with database_errors(app), app.app_context():
        signing = _ensure_signing_key(app.config, settings)  # first: a refusal changes nothing
        upgrade_database(get_database(app).engine)
        click.echo(f"database is at revision {head_revision()}")
        for line in signing:
            click.echo(line)
        session = db_session()
        _publish_bundled_criteria(session)
        if session.scalar(select(func.count()).select_from(User)) == 0:
            _create_first_admin(session, app.config["LABELAPP_ADMIN_EMAIL"], settings.passwords)


def _ensure_signing_key(config: Any, settings: Settings) -> list[str]:
    """Check the configured issuer key, or create a self-signed development pair.

    Returns the lines to print once the database is ready.
    """
    if config["LABELAPP_SIGNING_KEY"] or config["LABELAPP_SIGNING_CERT"]:
        try:
            load_pdf_stack()
            from labelapp.certificates.signing import signer_for

            pair = signing_pair(settings.certificates)
            signer_for(pair)
        except (ValidationFailed, SigningError) as problem:
            raise click.ClickException(f"issuer key: {problem}") from None
        return [f"certificates are signed with {pair.cert_path}"]
    if config["LABELAPP_ENV"] == "production":
        # Every instance must sign with the same key: a pair made here would be this
        # machine's alone, and other instances could not confirm its signatures.
        raise click.ClickException(
            "set LABELAPP_SIGNING_KEY and LABELAPP_SIGNING_CERT to the issuer's key and "
            "certificate (PEM files) before running in production; see the README"
        )
    pair = signing_pair(settings.certificates)
    if pair.key_path.exists():
        return []
    create_development_pair(pair.key_path.parent, config["LABELAPP_ISSUER_NAME"])
    return [
        f"created a self-signed development issuer key in {pair.key_path.parent}",
        "  (for real certificates set LABELAPP_SIGNING_KEY and LABELAPP_SIGNING_CERT)",
    ]


def _publish_bundled_criteria(session: Session) -> None:
    try:
        published = criteria_service.publish_bundled(session)
    except CriteriaError as error:
        fail_with_problems(error)
    except criteria_service.CriteriaConflict as conflict:
        raise click.ClickException(f"bundled criteria: {conflict}") from None
    session.commit()
    for row, created in published:
        if created:
            click.echo(f"published bundled criteria {row.label}")


def _create_first_admin(session: Session, email: str, passwords: PasswordSettings) -> None:
    password = accounts.generate_one_time_password()
    try:
        admin = accounts.create_user(
            session,
            email=email,
            display_name="Administrator",
            role=Role.ADMIN,
            password=password,
            passwords=passwords,
            must_change_password=True,
        )
    except ValidationFailed as failure:
        raise click.ClickException(f"LABELAPP_ADMIN_EMAIL: {one_line(failure)}") from None
    audit.record(
        session,
        SYSTEM,
        "user.created",
        "user",
        admin.id,
        after="admin",
        details={"email": admin.email, "via": "init"},
    )
    session.commit()
    # Printed once on the console, never logged: it is not stored in clear.
    click.echo("created the first administrator:")
    click.echo(f"  e-mail:             {email}")
    click.echo(f"  one-time password:  {password}")
    click.echo("  (shown only now; it must be replaced at first sign-in)")


@click.command()
@click.option("--bind", help="address:port to listen on (default: LABELAPP_BIND)")
@click.option(
    "--workers", type=click.IntRange(min=1), help="worker processes (default: LABELAPP_WORKERS)"
)
@click.option("--timeout", type=click.IntRange(min=1), default=60, show_default=True)
def serve(bind: str | None, workers: int | None, timeout: int) -> None:
    """Serve the app with gunicorn's gevent workers."""
    from labelapp.serving import exec_gunicorn

    # Checked here so that a machine without Pango gets one line, not a worker crash.
    try:
        load_pdf_stack()
    except SigningError as problem:
        raise click.ClickException(str(problem)) from None

    app = build_app()
    bind = bind or app.config["LABELAPP_BIND"]
    workers = workers or app.config["LABELAPP_WORKERS"]
    _require_shared_counters(app.config, workers)
    with database_errors(app):
        require_migrated(app)  # the engine is disposed after: workers make their own
    if app.config["LABELAPP_ENV"] == "development":
        click.echo(
            "development mode: set LABELAPP_ENV=production and SECRET_KEY before serving the public"
        )
    click.echo(f"serving on http://{bind} with {workers} worker(s)")
    exec_gunicorn(bind, workers, timeout)


def _require_shared_counters(config: Any, workers: int) -> None:
    """Refuse several workers that would each count rate limits on their own.

    With per-process counters, "10 sign-ins per minute" would let 10 through per
    worker: the configured limit must be the real one for a client.
    """
    storage = str(config["LABELAPP_RATELIMIT_STORAGE_URL"])
    if workers > 1 and storage.startswith("memory://"):
        raise click.ClickException(
            f"{workers} workers would each count rate limits in their own memory: set "
            "LABELAPP_RATELIMIT_STORAGE_URL to a shared store (e.g. redis://127.0.0.1:6379/0) "
            "or serve with --workers 1"
        )
