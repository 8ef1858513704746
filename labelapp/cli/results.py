"""``labelapp results``: keep the validated results of assessments approved before
results were kept (decision 22)."""

from __future__ import annotations

import click
from sqlalchemy.exc import IntegrityError

from assessment import AnswerError
from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.services import validated_results as service


@click.group("results")
def results_group() -> None:
    """Validated results kept for comparison."""


@results_group.command("backfill")
def backfill() -> None:
    """Keep the validated results of every approved assessment that has none (safe to re-run)."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        session = db_session()
        stored = 0
        for assessment in service.unstored_assessments(session):
            assessment_id = assessment.id
            try:
                result = service.store(session, assessment)
                session.commit()  # one assessment per transaction: a failure keeps the others
            except IntegrityError:
                session.rollback()  # another run kept them meanwhile
                continue
            except AnswerError as error:
                session.rollback()
                raise click.ClickException(f"assessment {assessment_id}: {error}") from None
            if result is None:
                continue
            stored += 1
            click.echo(
                f"kept the validated results of assessment {assessment_id} "
                f"({len(result.sections)} sections, {len(result.indicators)} indicators, "
                f"total {result.total})"
            )
        click.echo(
            f"{stored} assessment(s) backfilled; "
            "every approved assessment has its validated results"
        )
