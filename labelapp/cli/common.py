"""What every command shares: building the app and turning failures into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click
from flask import Flask
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import OperationalError

from assessment import CriteriaError
from labelapp import create_app
from labelapp.config import ConfigError
from labelapp.db import get_database
from labelapp.migrate import current_revision
from labelapp.migrate import head_revision
from labelapp.services.errors import ValidationFailed


def build_app() -> Flask:
    """The app from the environment, or one readable error line.

    A command leaves the messages it writes to `labelapp mail send` (cron): it would
    end before a background send did."""
    try:
        return create_app({"LABELAPP_MAIL_AFTER_COMMIT": 0})
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    except ArgumentError as exc:
        raise click.ClickException(f"DATABASE_URL is not a usable database URL: {exc}") from None


@contextmanager
def database_errors(app: Flask) -> Iterator[None]:
    """Turn an unreachable database into one readable line; close connections after."""
    try:
        yield
    except OperationalError as exc:
        url = get_database(app).engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"cannot use the database {url}: {reason}") from None
    finally:
        get_database(app).engine.dispose()


def require_migrated(app: Flask) -> None:
    if current_revision(get_database(app).engine) != head_revision():
        raise click.ClickException(
            "the database is not initialised or not up to date: run `labelapp init`"
        )


def one_line(failure: ValidationFailed) -> str:
    return " ".join(str(message) for _field, message in failure.reasons)


def fail_with_problems(error: CriteriaError) -> NoReturn:
    """Print each problem (file, path inside it, what is wrong) on its own line; exit 1."""
    for line in str(error).splitlines():
        click.echo(f"Error: {line}", err=True)
    raise SystemExit(1)
