"""``labelapp criteria``: validate, list, publish and diff criteria versions."""

from __future__ import annotations

from pathlib import Path

import click

from assessment import CriteriaError
from assessment import Scheme
from assessment import canonical_text
from assessment import load_criteria
from assessment import load_translation
from assessment import missing_texts
from assessment import sha256_hex
from assessment import translation_files
from assessment.translations import FOLDER as TRANSLATIONS
from labelapp.cli.common import build_app
from labelapp.cli.common import database_errors
from labelapp.cli.common import fail_with_problems
from labelapp.cli.common import require_migrated
from labelapp.db import db_session
from labelapp.services import criteria as criteria_service

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group()
def criteria() -> None:
    """Validate, publish and compare criteria versions."""


@criteria.command("validate")
@click.argument("file", type=FILE)
def validate(file: Path) -> None:
    """Check a criteria file and its translations without touching any database."""
    try:
        scheme = load_criteria(file)
    except CriteriaError as error:
        fail_with_problems(error)
    levels = ", ".join(level.id for level in scheme.levels)
    click.echo(
        f"{file}: valid: {scheme.key} {scheme.version} ({scheme.status}), "
        f"{len(scheme.sections)} sections, {len(scheme.criteria)} criteria, "
        f"{len(scheme.indicators)} indicators, levels {levels}; "
        f"sha256 {sha256_hex(canonical_text(scheme))}"
    )
    errors = _validate_translations(file.parent / TRANSLATIONS, scheme)
    if errors:
        # Every file's problems are shown, not just the first file's, so one run finds all.
        for refused in errors:
            for line in str(refused).splitlines():
                click.echo(f"Error: {line}", err=True)
        raise SystemExit(1)


def _validate_translations(folder: Path, scheme: Scheme) -> list[CriteriaError]:
    """Check each translation of the version in ``folder``; echo the valid ones."""
    errors: list[CriteriaError] = []
    for language, path in translation_files(folder, scheme.key, scheme.version).items():
        try:
            translation = load_translation(path, scheme)
        except CriteriaError as error:
            errors.append(error)
            continue
        missing = len(missing_texts(scheme, translation))
        fallback = f"{missing} texts fall back to English" if missing else "complete"
        click.echo(
            f"{path}: valid {language} translation of {scheme.key} {scheme.version}; {fallback}"
        )
    return errors


@criteria.command("list")
def list_versions() -> None:
    """List stored versions; * marks the one new assessments start on."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        rows = criteria_service.list_versions(db_session())
        if not rows:
            click.echo("no criteria versions are stored: run `labelapp init`")
        for row in rows:
            mark = "*" if row.is_current else " "
            click.echo(
                f"{mark} {row.scheme:<24} {row.version:<10} {row.status.value:<10} "
                f"{row.published_at:%Y-%m-%d}  sha256 {row.content_sha256[:16]}  {row.title}"
            )


@criteria.command("publish")
@click.argument("file", type=FILE)
def publish(file: Path) -> None:
    """Publish a criteria file; a published version never changes."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        try:
            row, created = criteria_service.publish_file(db_session(), file)
        except CriteriaError as error:
            fail_with_problems(error)
        except criteria_service.CriteriaConflict as conflict:
            raise click.ClickException(str(conflict)) from None
        db_session().commit()
        if not created:
            click.echo(f"{row.label} is already published with this content; nothing changed")
            return
        current = criteria_service.current_version(db_session(), row.scheme)
        click.echo(f"published {row.label} (sha256 {row.content_sha256})")
        click.echo(f"new {row.scheme} assessments start on {current.version if current else '-'}")


@criteria.command("diff")
@click.argument("scheme")
@click.argument("old")
@click.argument("new")
def diff(scheme: str, old: str, new: str) -> None:
    """Show the sections, criteria, indicators and levels added, removed or changed."""
    app = build_app()
    with database_errors(app), app.app_context():
        require_migrated(app)
        try:
            changes = criteria_service.diff_versions(db_session(), scheme, old, new)
        except (criteria_service.UnknownVersion, criteria_service.CriteriaTampered) as exc:
            raise click.ClickException(str(exc)) from None
        if not changes:
            click.echo(f"{scheme} {old} and {new} have the same content")
        signs = {"added": "+", "removed": "-", "changed": "~"}
        for change in changes:
            detail = f" ({', '.join(change.fields)})" if change.fields else ""
            click.echo(f"{signs[change.change]} {change.kind} {change.id} {change.change}{detail}")
