"""``labelapp certificates``: repair interrupted issues and record expiries (cron-able)."""

from __future__ import annotations

from datetime import date

import click

from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.services import certificates as service
from labelapp.services import reminders
from labelapp.services.actor import SYSTEM
from labelapp.services.errors import NotAllowed
from labelapp.settings import settings_of


@click.group("certificates")
def certificates_group() -> None:
    """Issue, expire and list certificates."""


@certificates_group.command("issue-pending")
def issue_pending() -> None:
    """Issue the certificate of every approved assessment that has none (safe to re-run)."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        session = db_session()
        settings = settings_of(app)
        # Outside a request: the configured address, else the one `labelapp serve` binds.
        issuing = service.IssuingSettings(settings.certificates, settings.public_address.base_url())
        issued = 0
        for assessment in service.pending_assessments(session):
            try:
                certificate = service.issue(session, SYSTEM, assessment, issuing)
            except NotAllowed as refusal:
                session.rollback()
                if service.for_assessment(session, assessment.id) is not None:
                    continue  # another run (or an approval) issued it meanwhile
                raise click.ClickException(f"assessment {assessment.id}: {refusal}") from None
            session.commit()  # one certificate per transaction: a failure keeps the others
            issued += 1
            click.echo(
                f"issued {certificate.number} for assessment {assessment.id} "
                f"({certificate.organisation_name}, {certificate.level_title})"
            )
        click.echo(f"{issued} certificate(s) issued; no approved assessment is without one")


@certificates_group.command("expire")
@click.option(
    "--within",
    type=click.IntRange(min=0, max=3650),
    default=60,
    show_default=True,
    help="also list valid labels that expire within this many days",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the day to count from (default: today, UTC)",
)
def expire(within: int, on: object) -> None:
    """Record labels whose validity has ended and list those expiring soon."""
    day: date = on.date() if on is not None else service.today()  # type: ignore[attr-defined]
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        session = db_session()
        expired = service.record_expiries(session, SYSTEM, day)
        session.commit()
        for certificate in expired:
            click.echo(
                f"expired   {certificate.number}  {certificate.valid_until.isoformat()}  "
                f"{certificate.organisation_name} ({certificate.level_title})"
            )
        soon = service.expiring_within(session, day, within)
        for certificate in soon:
            click.echo(
                f"expiring  {certificate.number}  {certificate.valid_until.isoformat()}  "
                f"{certificate.organisation_name} ({certificate.level_title})"
            )
        click.echo(
            f"{len(expired)} expiry(ies) recorded; {len(soon)} label(s) expire within {within} days"
        )


@certificates_group.command("remind")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the day to count from (default: today, UTC)",
)
def remind(on: object) -> None:
    """Write the expiry reminders that are due (safe every hour: each once per label,
    window and manager); `labelapp mail send` sends them."""
    day: date = on.date() if on is not None else service.today()  # type: ignore[attr-defined]
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        session = db_session()
        mail = settings_of(app).mail
        report = reminders.remind(session, day, mail.reminder_days, mail.reminder_batch)
        session.commit()
    left = f"; {report.left} more next run" if report.left else ""
    click.echo(f"{report.written} reminder(s) written{left}")
