"""The two WSGI apps the lookup benchmark serves with gunicorn (``module:factory()``).

Both read the environment the benchmark sets: ``LABELAPP_BENCH_SETTINGS`` (the
real app's settings as JSON) and ``LABELAPP_BENCH_DATABASE_URL`` (the bare app's
database). Each worker builds its app after the fork, as ``labelapp serve`` does.
"""

from __future__ import annotations

import json
import os
from datetime import UTC
from datetime import datetime
from pathlib import Path

from flask import Flask
from flask import abort
from flask import g
from flask import render_template
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from labelapp import create_app
from labelapp.models import Certificate

SETTINGS_VARIABLE = "LABELAPP_BENCH_SETTINGS"
DATABASE_VARIABLE = "LABELAPP_BENCH_DATABASE_URL"
TEMPLATES = Path(__file__).parent / "templates"


def real() -> Flask:
    """labelapp itself, with the settings the benchmark chose."""
    return create_app(json.loads(os.environ[SETTINGS_VARIABLE]))


def bare() -> Flask:
    """The least a Flask app can do for the same page: one ORM lookup, one small template."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    # A plain engine: no pre-ping, no pragmas (SQLite's pool keeps its connections).
    make_session = sessionmaker(
        bind=create_engine(os.environ[DATABASE_VARIABLE]), expire_on_commit=False
    )

    def session() -> Session:
        if "session" not in g:
            g.session = make_session()
        found: Session = g.session
        return found

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        opened: Session | None = g.pop("session", None)
        if opened is not None:
            opened.close()

    @app.route("/verify/<number>")
    def certificate(number: str) -> str:
        found = session().scalar(select(Certificate).where(Certificate.number == number))
        if found is None:
            abort(404)
        return render_template(
            "bare_certificate.html",
            certificate=found,
            status=found.public_status(datetime.now(UTC).date()),
        )

    return app
